import { UnavailableError } from './domain-error';

/**
 * The MongoDB driver's (and mongoose's) errors for a server that cannot be reached. A database
 * outage is a 503 the client may retry, not an internal error. Matched by name, so that code
 * which has no driver of its own (the transport, the HTTP error mapping) can tell.
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

/** An UnavailableError for `error` when it says a data store is unreachable, else null. */
export function storeUnavailableErrorOf(error: unknown): UnavailableError | null {
  if (!(error instanceof Error) || !STORE_UNAVAILABLE_ERRORS.has(error.name)) return null;
  return new UnavailableError(
    'a data store of this service is unreachable; try again shortly',
    STORE_RETRY_AFTER_SECONDS,
  );
}
