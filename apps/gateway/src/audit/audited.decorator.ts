import { SetMetadata } from '@nestjs/common';
import type { AuditAction } from './audit.schema';

export const AUDITED_ROUTE = 'vantage:audited-route';

/** What an audited route was called with, and what it answered. */
export interface AuditedCall {
  readonly params: Readonly<Record<string, string | undefined>>;
  readonly body: unknown;
  readonly result: unknown;
}

/** How a successful call of a route becomes an audit entry (AuditInterceptor writes it). */
export interface AuditedRoute {
  readonly action: AuditAction;
  /** What was acted on; none by default. */
  readonly target?: (call: AuditedCall) => string | null;
  /**
   * What the entry says beyond who, what and which. Never values that may be secret (a Slack
   * webhook, an address): by default only the names of the body's fields.
   */
  readonly details?: (call: AuditedCall) => Record<string, unknown>;
}

/**
 * Records an audit entry for every successful call of the route, with the caller as actor. A
 * refused call (a 4xx or 5xx answer) records nothing: it changed nothing.
 */
export const Audited = (route: AuditedRoute): MethodDecorator => SetMetadata(AUDITED_ROUTE, route);

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

/** The default details: which fields the body set, sorted, without their values. */
export function changedFields({ body }: AuditedCall): Record<string, unknown> {
  const fields = isRecord(body) ? Object.keys(body).sort() : [];
  return fields.length > 0 ? { fields } : {};
}

export function noDetails(): Record<string, unknown> {
  return {};
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
