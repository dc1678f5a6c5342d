import { createHash } from 'node:crypto';
import { DIMENSION_KEYS, DimensionKey, EventDimensions } from './bucket-query';

/**
 * A series (event id + dimension set) as one string: the Redis hash field of its pending count
 * and the input of its bucket ids. Fields are separated by U+001F, which ingest validation keeps
 * out of event ids and dimension values; an absent dimension is an empty field (values are never
 * empty).
 */
const SEPARATOR = '\u001f';

export interface Series {
  readonly eventId: string;
  readonly dimensions: EventDimensions;
}

/** The key of an event id without dimensions is the id and one empty field per dimension. */
const NO_DIMENSIONS = SEPARATOR.repeat(DIMENSION_KEYS.length);

export function seriesKey(eventId: string, dimensions: EventDimensions): string {
  // Most events carry no dimensions: one concatenation then, not one per dimension name.
  if (DIMENSION_KEYS.every((name) => dimensions[name] === undefined)) {
    return eventId + NO_DIMENSIONS;
  }
  let key = eventId;
  for (const name of DIMENSION_KEYS) key += SEPARATOR + (dimensions[name] ?? '');
  return key;
}

export function parseSeriesKey(key: string): Series {
  const parts = key.split(SEPARATOR);
  const dimensions: Partial<Record<DimensionKey, string>> = {};
  DIMENSION_KEYS.forEach((name, index) => {
    const value = parts[index + 1];
    if (value) dimensions[name] = value;
  });
  return { eventId: parts[0] ?? '', dimensions };
}

/**
 * The `_id` of a bucket document: the same series and start always give the same id, so two
 * writers of one bucket meet on the unique `_id` index instead of creating two documents.
 */
export function bucketId(orgId: string, startMs: number, key: string): string {
  return createHash('sha1')
    .update(`${orgId}${SEPARATOR}${startMs}${SEPARATOR}${key}`)
    .digest('base64url');
}
