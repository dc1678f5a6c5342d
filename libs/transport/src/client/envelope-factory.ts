import { randomUUID } from 'node:crypto';
import { MessageEnvelope } from '@vantage/contracts';
import { currentContext } from '@vantage/observability';

/**
 * The envelope of an outgoing message: who and what request it belongs to come from the
 * context being handled (HTTP request or message), so they follow the work from hop to hop.
 */
export function envelopeFromContext(): MessageEnvelope {
  const context = currentContext();
  return {
    messageId: randomUUID(),
    requestId: context?.requestId ?? randomUUID(),
    sentAt: new Date().toISOString(),
    ...(context?.orgId ? { orgId: context.orgId } : {}),
    ...(context?.actor ? { actor: context.actor } : {}),
    ...(context?.plan ? { plan: context.plan } : {}),
    ...(context?.traceparent ? { traceparent: context.traceparent } : {}),
  };
}
