import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import { AuditInterceptor } from './audit.interceptor';
import { AUDITED_ROUTE, type AuditedCall, type AuditedRoute, isRecord } from './audited-route';

export { AUDITED_ROUTE, type AuditedCall, type AuditedRoute, changedFields } from './audited-route';

/**
 * Records an audit entry for every successful call of the route, with the caller as actor. A
 * refused call (a 4xx or 5xx answer) records nothing: it changed nothing.
 */
export const Audited = (route: AuditedRoute): MethodDecorator =>
  // The interceptor is the route's own: as a global one it would wrap every route in rxjs.
  applyDecorators(SetMetadata(AUDITED_ROUTE, route), UseInterceptors(AuditInterceptor));

/** The target named by a path parameter (`/rad-sets/:id`). */
export function targetParam(name: string): (call: AuditedCall) => string | null {
  return ({ params }) => params[name] ?? null;
}

/** The target named by a field of the answer, e.g. the id of what was created. */
export function targetInResult(field: string): (call: AuditedCall) => string | null {
  return ({ result }) => {
    const value = isRecord(result) ? result[field] : undefined;
    return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
  };
}

export function noDetails(): Record<string, unknown> {
  return {};
}
