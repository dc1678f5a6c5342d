import type { ErrorPayload } from '@vantage/contracts';
import { TransportError } from '../client/transport-error';

/**
 * Sends `count` requests at once (the way concurrent clients race for the last room under a
 * limit) and answers each one's outcome: 'created', or the error payload it was refused with.
 * Anything but a service's refusal is a test failure and is thrown.
 */
export function sendTogether(
  count: number,
  send: (n: number) => Promise<unknown>,
): Promise<('created' | ErrorPayload)[]> {
  return Promise.all(
    Array.from({ length: count }, (_, n) =>
      send(n).then(
        () => 'created' as const,
        (error: unknown) => {
          if (error instanceof TransportError) return error.payload;
          throw error;
        },
      ),
    ),
  );
}
