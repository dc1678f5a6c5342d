import { UnavailableError } from './domain-error';

/**
 * The MongoDB driver's (and mongoose's) errors for a server that cannot be reached. A database
 * outage is a 503 the client may retry, not an internal error. Matched by name, so that code
 * which has no driver of its own (the transport, the HTTP error mapping) can tell. A full Redis
 * (below) is the same kind of 503.
 */
const STORE_UNAVAILABLE_ERRORS = new Set([
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoPoolClearedError',
  'MongoTopologyClosedError',
]);

const STORE_RETRY_AFTER_SECONDS = 5;
/** A full Redis frees memory as streams are worked off and trimmed: minutes, not seconds. */
const STORE_FULL_RETRY_AFTER_SECONDS = 30;

/**
 * Redis at `maxmemory` with `noeviction` refuses writes with an OOM error reply rather than
 * dropping data; inside MULTI the refusal of a queued command aborts the whole EXEC, and ioredis
 * keeps the refusals in `previousErrors`. Matched by reply text, as ioredis gives no code.
 */
function isRedisFull(error: Error): boolean {
  if (error.message.startsWith('OOM ')) return true;
  const previous = (error as Error & { previousErrors?: unknown }).previousErrors;
  return (
    Array.isArray(previous) &&
    previous.some((inner) => inner instanceof Error && inner.message.startsWith('OOM '))
  );
}

/** An UnavailableError for `error` when it says a data store is unreachable or full, else null. */
export function storeUnavailableErrorOf(error: unknown): UnavailableError | null {
  if (!(error instanceof Error)) return null;
  if (STORE_UNAVAILABLE_ERRORS.has(error.name)) {
    return new UnavailableError(
      'a data store of this service is unreachable; try again shortly',
      STORE_RETRY_AFTER_SECONDS,
    );
  }
  if (isRedisFull(error)) {
    return new UnavailableError(
      'the message store is full and refuses new work; try again later',
      STORE_FULL_RETRY_AFTER_SECONDS,
    );
  }
  return null;
}
