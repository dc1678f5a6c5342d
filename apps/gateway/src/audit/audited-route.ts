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

/** The default details: which fields the body set, sorted, without their values. */
export function changedFields({ body }: AuditedCall): Record<string, unknown> {
  const fields = isRecord(body) ? Object.keys(body).sort() : [];
  return fields.length > 0 ? { fields } : {};
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
