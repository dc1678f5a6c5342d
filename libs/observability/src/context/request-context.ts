import { AsyncLocalStorage } from 'node:async_hooks';
import { Actor, Plan } from '@vantage/contracts';

/**
 * What is known about the work in progress: set by the gateway for an HTTP request, restored by
 * the transport for a message, read by the logger and by clients sending messages onward.
 */
export interface RequestContext {
  readonly requestId: string;
  readonly orgId?: string;
  readonly actor?: Actor;
  /** The org's plan: bound by the gateway once known, restored from the envelope by services. */
  readonly plan?: Plan;
  /** Set while a message is handled: the id that makes its handling idempotent. */
  readonly messageId?: string;
  readonly traceparent?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

/**
 * Records who is acting once the gateway has authenticated the request, so log lines and the
 * envelopes of messages sent onward carry the org and actor from here on.
 */
export function bindIdentity(identity: { readonly orgId: string; readonly actor: Actor }): void {
  const context = storage.getStore();
  if (!context) return;
  Object.assign(context as { orgId?: string; actor?: Actor }, identity);
}

/** Records the org's plan once the gateway knows it, so messages sent onward carry it. */
export function bindPlan(plan: Plan): void {
  const context = storage.getStore();
  if (!context) return;
  Object.assign(context as { plan?: Plan }, { plan });
}
