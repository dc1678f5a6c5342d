import { isOperationalPath } from '../shared/operational-paths';

/** The ingest route, whose records also carry how many traffic events it accepted. */
export const INGEST_ENDPOINT = 'POST /api/v1/traffic/events';

/** The contract's longest endpoint; a longer template would be refused by reporting. */
const MAX_ENDPOINT_LENGTH = 200;

/** Cloudflare's "country unknown"; not a country, so not recorded. */
const UNKNOWN_COUNTRY = 'XX';

const TWO_LETTERS = /^[A-Za-z]{2}$/;

/** The contract's bound on one record's `eventsIngested`. */
const MAX_EVENTS_INGESTED = 1_000_000;

/**
 * Whether requests to a route template count as API usage: probes, the metrics scrape, the API
 * documents and the WebSocket endpoint are machinery, not product use.
 */
export function isRecordedRoute(routeTemplate: string): boolean {
  return (
    !isOperationalPath(routeTemplate) &&
    routeTemplate !== '/ws' &&
    !routeTemplate.startsWith('/ws/')
  );
}

/** `GET /api/v1/rad-sets/:id`: the method and the route template, never the raw URL. */
export function endpointOf(method: string, routeTemplate: string): string {
  return `${method.toUpperCase()} ${routeTemplate}`.slice(0, MAX_ENDPOINT_LENGTH);
}

/**
 * The caller's country from the edge's header, upper-cased, when it is a two-letter code; any
 * other value (absent, repeated, Tor's `T1`, unknown `XX`, garbage) gives none.
 */
export function countryFrom(header: string | string[] | undefined): string | undefined {
  if (typeof header !== 'string') return undefined;
  const value = header.trim();
  if (!TWO_LETTERS.test(value)) return undefined;
  const country = value.toUpperCase();
  return country === UNKNOWN_COUNTRY ? undefined : country;
}

/** The `accepted` count of an ingest answer (IngestResultDto), when the value is one. */
export function acceptedCountOf(result: unknown): number | undefined {
  if (typeof result !== 'object' || result === null) return undefined;
  const accepted = (result as { accepted?: unknown }).accepted;
  return typeof accepted === 'number' && Number.isInteger(accepted) && accepted >= 0
    ? Math.min(accepted, MAX_EVENTS_INGESTED)
    : undefined;
}
