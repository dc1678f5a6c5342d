import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { type Actor, isPlan, type Plan, UnauthorizedError } from '@vantage/contracts';
import { RedisStreamsContext } from '@vantage/transport';

/**
 * The organisation a message acts for, from its envelope (set by the gateway from the
 * credential). Every query a service runs is scoped by it, never by an id in the payload.
 */
export const MessageOrg = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string => {
    const orgId = envelopeOf(context)?.orgId;
    if (!orgId) throw new UnauthorizedError('this message carries no organisation');
    return orgId;
  },
);

/** Who sent the message on behalf of the org (user or API key), for audit fields. */
export const MessageActor = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Actor | undefined => envelopeOf(context)?.actor,
);

/**
 * The org's plan from the envelope (the gateway sets it from the org's record). A message
 * without one gets the smallest plan: caps sized by it never grant more than was paid for.
 */
export const MessagePlan = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Plan => {
    const plan = envelopeOf(context)?.plan;
    return isPlan(plan) ? plan : 'free';
  },
);

function envelopeOf(context: ExecutionContext) {
  const rpc: unknown = context.switchToRpc().getContext();
  return rpc instanceof RedisStreamsContext ? rpc.getEnvelope() : undefined;
}
