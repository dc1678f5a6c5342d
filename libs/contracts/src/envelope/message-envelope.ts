import type { Plan } from '../billing/plan';

/** Who acts on behalf of a message: set by the gateway from the credential, passed on by services. */
export type ActorKind = 'user' | 'api-key' | 'service' | 'anonymous';

export interface Actor {
  readonly kind: ActorKind;
  readonly id: string;
  readonly roles: readonly string[];
}

/**
 * Travels with every message. `messageId` is the idempotency key: a redelivered message keeps it,
 * so a handler that already ran for it does not run again.
 */
export interface MessageEnvelope {
  readonly messageId: string;
  readonly requestId: string;
  readonly orgId?: string;
  readonly actor?: Actor;
  /**
   * The org's plan as the gateway knew it when the request came in; services size per-org caps
   * by it. Absent (a job, a message not from a request): the smallest plan's caps apply.
   */
  readonly plan?: Plan;
  readonly sentAt: string;
  /** W3C trace context, so a trace continues across a hop. */
  readonly traceparent?: string;
}
