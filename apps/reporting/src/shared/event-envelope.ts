import { type MessageEnvelope, UnauthorizedError } from '@vantage/contracts';
import { RedisStreamsContext } from '@vantage/transport';

/**
 * The envelope of the event being handled. (Nest types the parameters after an event's payload
 * as `unknown`, so event handlers take the context as such and read it here.)
 */
export function eventEnvelope(context: unknown): MessageEnvelope {
  if (!(context instanceof RedisStreamsContext)) {
    throw new UnauthorizedError('this event came without an envelope');
  }
  return context.getEnvelope();
}
