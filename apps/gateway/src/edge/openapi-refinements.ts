// Corrections to the document @nestjs/swagger builds from the decorators, where the decorators
// cannot say the truth: a route's security comes from the @Access rule the guards enforce
// (class- and method-level decorators would otherwise add up, and offer API keys to routes for
// people only), the request schemas say what the validation pipe enforces (see
// openapi-validation-rules.ts), and a body whose fields are all optional may be left out (the
// validation pipe reads a missing body as {}) unless it is a PATCH's, which needs a field.
import type { INestApplication } from '@nestjs/common';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { ModulesContainer, Reflector } from '@nestjs/core';
import type {
  OpenAPIObject,
  OperationObject,
  ParameterObject,
  ReferenceObject,
  RequestBodyObject,
  SchemaObject,
} from '@nestjs/swagger';
import {
  ACCESS_RULE,
  type AccessRule,
  DEFAULT_ACCESS_RULE,
  PUBLIC_ROUTE,
} from '../auth/access.decorators';
import { API_KEY_SCHEME, BEARER_SCHEME } from '../shared/openapi';
import { isOperationalPath } from '../shared/operational-paths';
import { applyValidationRules, type OperationDtos } from './openapi-validation-rules';
import { pathIdPatternsOf, routeDtoOf } from './route-dto';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'] as const;

type Handler = (...args: unknown[]) => unknown;

/** A handler, its controller class and its method name. */
type RouteHandler = [Handler, object, string];

/** Controller handlers by the default operationId of @nestjs/swagger: `<Controller>_<method>`. */
function handlersByOperationId(app: INestApplication): Map<string, RouteHandler> {
  const handlers = new Map<string, RouteHandler>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (abstract new () => unknown) | null;
      if (!controller) continue;
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (name !== 'constructor' && typeof handler === 'function')
          handlers.set(`${controller.name}_${name}`, [handler as Handler, controller, name]);
      }
    }
  }
  return handlers;
}

/** The security alternatives a rule admits: access tokens for a role, API keys for a scope. */
export function securityOf(rule: AccessRule): Array<Record<string, string[]>> {
  return [
    ...(rule.role !== undefined ? [{ [BEARER_SCHEME]: [] }] : []),
    ...(rule.scope !== undefined ? [{ [API_KEY_SCHEME]: [] }] : []),
  ];
}

function operationsOf(document: OpenAPIObject): Array<[string, OperationObject, string]> {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    HTTP_METHODS.flatMap((method): Array<[string, OperationObject, string]> =>
      item[method] ? [[path, item[method], method]] : [],
    ),
  );
}

function documentAccessRules(document: OpenAPIObject, app: INestApplication): void {
  const reflector = new Reflector();
  const handlers = handlersByOperationId(app);
  for (const [path, operation] of operationsOf(document)) {
    const found = operation.operationId ? handlers.get(operation.operationId) : undefined;
    if (!found) continue;
    // Resolved as AuthenticationGuard and AuthorizationGuard resolve it.
    const targets = [found[0], found[1] as Handler];
    if (isOperationalPath(path) || reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) {
      delete operation.security;
      continue;
    }
    const rule = reflector.getAllAndOverride<AccessRule>(ACCESS_RULE, targets);
    operation.security = securityOf(rule ?? DEFAULT_ACCESS_RULE);
  }
}

/** The pattern a path id must match, where a ResourceIdPipe answers 404 to any other id. */
function documentPathIdPatterns(document: OpenAPIObject, app: INestApplication): void {
  const handlers = handlersByOperationId(app);
  for (const [, operation] of operationsOf(document)) {
    const found = operation.operationId ? handlers.get(operation.operationId) : undefined;
    if (!found) continue;
    const patterns = pathIdPatternsOf(found[1], found[2]);
    for (const parameter of (operation.parameters ?? []) as ParameterObject[]) {
      const pattern = parameter.in === 'path' ? patterns.get(parameter.name) : undefined;
      if (pattern)
        parameter.schema = { ...parameter.schema, type: 'string', pattern: pattern.source };
    }
  }
}

/** The whole-object @Body() and @Query() parameters of a handler, by their declared classes. */
function dtosOf(controller: object, method: string): Omit<OperationDtos, 'operation'> {
  return {
    body: routeDtoOf(controller, method, RouteParamtypes.BODY),
    query: routeDtoOf(controller, method, RouteParamtypes.QUERY),
  };
}

/** The operations whose handler takes a validated body or query DTO, with those classes. */
export function validatedOperations(
  document: OpenAPIObject,
  app: INestApplication,
): Array<OperationDtos & { readonly where: string }> {
  const handlers = handlersByOperationId(app);
  return operationsOf(document).flatMap(([path, operation, method]) => {
    const found = operation.operationId ? handlers.get(operation.operationId) : undefined;
    if (!found) return [];
    const dtos = dtosOf(found[1], found[2]);
    if (!dtos.body && !dtos.query) return [];
    return [{ where: `${method.toUpperCase()} ${path}`, operation, ...dtos }];
  });
}

function schemaOf(
  document: OpenAPIObject,
  schema: SchemaObject | ReferenceObject | undefined,
): SchemaObject | undefined {
  if (!schema || !('$ref' in schema)) return schema;
  const name = schema.$ref.replace('#/components/schemas/', '');
  const target = document.components?.schemas?.[name];
  return target && !('$ref' in target) ? target : undefined;
}

/**
 * Whether a body may be left out, as RequestBodyGuard decides: a PATCH needs at least one
 * field to change (400 "nothing to change" otherwise, even with fields all optional), another
 * body whose fields are all optional may be left out (the validation pipe reads it as {}).
 */
function documentBodyRequirements(document: OpenAPIObject): void {
  for (const [, operation, method] of operationsOf(document)) {
    const body = operation.requestBody as RequestBodyObject | undefined;
    const schema = schemaOf(document, body?.content['application/json']?.schema);
    if (!body || !schema) continue;
    if (method === 'patch') {
      body.required = true;
      // On the component: a PATCH body is its own Update DTO, used by no other operation.
      schema.minProperties = 1;
    } else if ((schema.required ?? []).length === 0) body.required = false;
  }
}

export function refineOpenApiDocument(
  document: OpenAPIObject,
  app: INestApplication,
): OpenAPIObject {
  documentAccessRules(document, app);
  applyValidationRules(document, validatedOperations(document, app));
  documentBodyRequirements(document);
  documentPathIdPatterns(document, app);
  return document;
}
