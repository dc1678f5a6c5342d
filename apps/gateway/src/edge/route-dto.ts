import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { ResourceIdPipe } from '../shared/resource-id.pipe';

/** A class a route parameter is declared with (a DTO). */
export type RouteDtoClass = new () => object;

interface RouteArg {
  readonly index: number;
  readonly data?: unknown;
  readonly pipes?: readonly unknown[];
}

/** The parameters of a handler of one kind (`@Body`, `@Param`...), as Nest's decorators store them. */
function routeArgsOf(controller: object, method: string, paramtype: RouteParamtypes): RouteArg[] {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<
    string,
    RouteArg
  >;
  return Object.entries(args)
    .filter(([key]) => key.startsWith(`${paramtype}:`))
    .map(([, arg]) => arg);
}

/**
 * The class of a handler's whole-object `@Body()` or `@Query()` parameter, if it has one:
 * `@Body('field')` and custom decorators (the Stripe webhook's raw body) are not a DTO.
 */
export function routeDtoOf(
  controller: object,
  method: string,
  paramtype: RouteParamtypes.BODY | RouteParamtypes.QUERY,
): RouteDtoClass | undefined {
  const param = routeArgsOf(controller, method, paramtype).find(({ data }) => data === undefined);
  if (!param) return undefined;
  const prototype = (controller as { prototype?: object }).prototype ?? {};
  const types = (Reflect.getMetadata('design:paramtypes', prototype, method) ?? []) as unknown[];
  const type = types[param.index];
  return typeof type === 'function' && type !== Object ? (type as RouteDtoClass) : undefined;
}

/** The patterns a handler's `@Param('name', new ResourceIdPipe(...))` ids must match, by name. */
export function pathIdPatternsOf(controller: object, method: string): Map<string, RegExp> {
  const patterns = new Map<string, RegExp>();
  for (const { data, pipes } of routeArgsOf(controller, method, RouteParamtypes.PARAM)) {
    const pipe = pipes?.find((candidate) => candidate instanceof ResourceIdPipe);
    if (typeof data === 'string' && pipe instanceof ResourceIdPipe)
      patterns.set(data, pipe.pattern);
  }
  return patterns;
}
