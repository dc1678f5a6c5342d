import { EventPattern } from '@nestjs/microservices';

export const BROADCAST_EXTRA = 'broadcast';

/**
 * Every replica of the service handles the event (e.g. a plan change each gateway must know),
 * instead of exactly one. Broadcast handlers are not retried: each replica gets one delivery.
 */
export function BroadcastEventPattern(pattern: string): MethodDecorator {
  return EventPattern<string>(pattern, { [BROADCAST_EXTRA]: true });
}
