import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { ValidationFailedError } from '@vantage/contracts';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';

type BodyClass = new () => object;

/**
 * The class of a handler's whole-body `@Body()` parameter, if it has one (`@Body('field')` and
 * custom decorators such as the Stripe webhook's raw body are not a validated body).
 */
export function bodyClassOf(controller: object, method: string): BodyClass | undefined {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<
    string,
    { readonly index: number; readonly data?: unknown }
  >;
  const body = Object.entries(args).find(
    ([key, { data }]) => key.startsWith(`${RouteParamtypes.BODY}:`) && data === undefined,
  )?.[1];
  if (!body) return undefined;
  const prototype = (controller as { prototype?: object }).prototype ?? {};
  const types = (Reflect.getMetadata('design:paramtypes', prototype, method) ?? []) as unknown[];
  const type = types[body.index];
  return typeof type === 'function' && type !== Object ? (type as BodyClass) : undefined;
}

function isEmptyObject(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).length === 0
  );
}

/**
 * What a request without a body means on a route that takes one, as the OpenAPI document says
 * (openapi-refinements: a body whose fields are all optional may be left out):
 * - fields required: one 400 saying the body is missing, rather than an error per constraint of
 *   every required field;
 * - every field optional: the body is `{}`, the defaults (the validation pipe reads it so);
 * - a PATCH without a field, body or not: 400, there is nothing to change.
 * After the guards, so an anonymous caller learns that it needs a credential first.
 */
@Injectable()
export class RequestBodyInterceptor implements NestInterceptor {
  private readonly requiresFields = new WeakMap<BodyClass, boolean>();

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const dto = bodyClassOf(context.getClass(), context.getHandler().name);
    if (!dto) return next.handle();
    const { body, method } = context.switchToHttp().getRequest<FastifyRequest>();
    if (method === 'PATCH' && (body === undefined || isEmptyObject(body))) {
      throw new ValidationFailedError(
        'nothing to change: send the fields to change as a JSON object',
      );
    }
    if (body === undefined && this.hasRequiredFields(dto)) {
      throw new ValidationFailedError(
        'this request needs a JSON body (Content-Type: application/json)',
      );
    }
    return next.handle();
  }

  /** Whether `{}` breaks a constraint of the class: the pipe's own rules, asked once per class. */
  private hasRequiredFields(dto: BodyClass): boolean {
    let required = this.requiresFields.get(dto);
    if (required === undefined) {
      required = validateSync(plainToInstance(dto, {})).length > 0;
      this.requiresFields.set(dto, required);
    }
    return required;
  }
}
