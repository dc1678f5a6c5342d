import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';

/** A class a route parameter is declared with (a DTO). */
export type RouteDtoClass = new () => object;

/**
 * The class of a handler's whole-object `@Body()` or `@Query()` parameter, if it has one:
 * `@Body('field')` and custom decorators (the Stripe webhook's raw body) are not a DTO.
 */
export function routeDtoOf(
  controller: object,
  method: string,
  paramtype: RouteParamtypes.BODY | RouteParamtypes.QUERY,
): RouteDtoClass | undefined {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<
    string,
    { readonly index: number; readonly data?: unknown }
  >;
  const param = Object.entries(args).find(
    ([key, { data }]) => key.startsWith(`${paramtype}:`) && data === undefined,
  )?.[1];
  if (!param) return undefined;
  const prototype = (controller as { prototype?: object }).prototype ?? {};
  const types = (Reflect.getMetadata('design:paramtypes', prototype, method) ?? []) as unknown[];
  const type = types[param.index];
  return typeof type === 'function' && type !== Object ? (type as RouteDtoClass) : undefined;
}
