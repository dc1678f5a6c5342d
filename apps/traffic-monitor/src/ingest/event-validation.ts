import { type IngestRejectionReason, TRAFFIC_EVENT_ID_PATTERN } from '@vantage/contracts';
import { DIMENSION_KEYS, DimensionKey, EventDimensions } from '../buckets/bucket-query';

/** Largest `count` one event may carry: more is a client bug, not traffic. */
export const MAX_EVENT_COUNT = 1_000_000;

/** Printable ASCII: keeps control characters (and the series-key separator) out of storage. */
const DIMENSION_VALUE = /^[\x20-\x7e]{1,100}$/;
/** Date and time with a zone, seconds and fractions optional: `2026-11-23T10:15Z`, `...:00.123+02:00`. */
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const EVENT_FIELDS = new Set(['eventId', 'timestamp', 'count', 'dimensions']);
const DIMENSION_NAMES: ReadonlySet<string> = new Set(DIMENSION_KEYS);
/** Shared by every event without dimensions (most of them): one object, not one per event. */
const NO_DIMENSIONS: EventDimensions = Object.freeze({});

/** The time window events are accepted in, fixed once per batch. */
export interface AcceptanceWindow {
  /** Earliest accepted timestamp (ms): now minus the minute retention. */
  readonly oldestMs: number;
  /** Latest accepted timestamp (ms): now plus INGEST_MAX_FUTURE_MS. */
  readonly newestMs: number;
  readonly retentionDays: number;
}

export interface ValidEvent {
  readonly eventId: string;
  readonly timestampMs: number;
  readonly count: number;
  readonly dimensions: EventDimensions;
}

export interface EventRejection {
  readonly reason: IngestRejectionReason;
  readonly message: string;
}

export type EventVerdict =
  | { readonly ok: true; readonly event: ValidEvent }
  | { readonly ok: false; readonly rejection: EventRejection };

/**
 * Checks one event of a batch. Never throws: anything a client can send gives a verdict.
 * `null` counts as absent for `count`, `dimensions` and each dimension value (many JSON
 * encoders write null for unset fields).
 */
export function validateEvent(input: unknown, window: AcceptanceWindow): EventVerdict {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return reject('not_an_object', 'an event must be a JSON object');
  }
  const event = input as Record<string, unknown>;
  // for...in, not Object.keys(): no array per event (a decoded JSON object has own keys only).
  for (const field in event) {
    if (!EVENT_FIELDS.has(field)) return reject('unknown_field', `unknown field "${clip(field)}"`);
  }

  const { eventId } = event;
  if (typeof eventId !== 'string' || !TRAFFIC_EVENT_ID_PATTERN.test(eventId)) {
    return reject(
      'invalid_event_id',
      'eventId must be 1 to 200 characters of letters, digits and . _ : -',
    );
  }

  const timestampMs = parseTimestamp(event['timestamp']);
  if (timestampMs === undefined) {
    return reject(
      'invalid_timestamp',
      'timestamp must be ISO 8601 with a time zone or epoch milliseconds',
    );
  }
  if (timestampMs < window.oldestMs) {
    return reject('too_old', `timestamp is older than the ${window.retentionDays}-day retention`);
  }
  if (timestampMs > window.newestMs) {
    return reject('too_far_in_future', 'timestamp is too far in the future');
  }

  const count = event['count'] ?? 1;
  if (
    typeof count !== 'number' ||
    !Number.isInteger(count) ||
    count < 1 ||
    count > MAX_EVENT_COUNT
  ) {
    return reject('invalid_count', `count must be an integer from 1 to ${MAX_EVENT_COUNT}`);
  }

  const dimensions = parseDimensions(event['dimensions']);
  if (typeof dimensions === 'string') return reject('invalid_dimensions', dimensions);

  return { ok: true, event: { eventId, timestampMs, count, dimensions } };
}

function parseTimestamp(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  }
  if (typeof value !== 'string' || !ISO_8601.test(value)) return undefined;
  const ms = Date.parse(value);
  // Date.parse accepts 2026-02-31 by rolling over; a round trip of the date part refuses it.
  if (Number.isNaN(ms) || !sameCalendarDate(value, ms)) return undefined;
  return ms;
}

/** The written date exists: 2026-02-30T00:00Z does not (Date would make it March 2nd). */
function sameCalendarDate(text: string, ms: number): boolean {
  const offset = /([+-])(\d{2}):(\d{2})$/.exec(text);
  const offsetMs = offset
    ? (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3])) * 60_000
    : 0;
  const local = new Date(ms + offsetMs).toISOString();
  return local.slice(0, 16) === text.slice(0, 16);
}

/** The dimension set, or a message saying what is wrong with it. */
function parseDimensions(value: unknown): EventDimensions | string {
  if (value === undefined || value === null) return NO_DIMENSIONS;
  if (typeof value !== 'object' || Array.isArray(value)) return 'dimensions must be an object';
  const given = value as Record<string, unknown>;
  const dimensions: Partial<Record<DimensionKey, string>> = {};
  for (const key in given) {
    const raw = given[key];
    if (!DIMENSION_NAMES.has(key)) {
      return `unknown dimension "${clip(key)}" (known: ${DIMENSION_KEYS.join(', ')})`;
    }
    if (raw === null || raw === undefined) continue;
    if (typeof raw !== 'string' || !DIMENSION_VALUE.test(raw)) {
      return `dimension ${key} must be 1 to 100 printable ASCII characters`;
    }
    dimensions[key as DimensionKey] = raw;
  }
  return dimensions;
}

function reject(reason: IngestRejectionReason, message: string): EventVerdict {
  return { ok: false, rejection: { reason, message } };
}

/** Echoes at most a little of what the client sent. */
function clip(text: string): string {
  const printable = text.replace(/[^\x20-\x7e]/g, '?');
  return printable.length > 40 ? `${printable.slice(0, 40)}…` : printable;
}
