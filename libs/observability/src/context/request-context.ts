import { AsyncLocalStorage } from 'node:async_hooks';
import { Actor } from '@vantage/contracts';

/**
 * What is known about the work in progress: set by the gateway for an HTTP request, restored by
 * the transport for a message, read by the logger and by clients sending messages onward.
 */
export interface RequestContext {
  readonly requestId: string;
  readonly orgId?: string;
  readonly actor?: Actor;
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
