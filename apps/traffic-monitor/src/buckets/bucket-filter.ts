import { compileEventIdGlob } from '@vantage/formula';
import { BucketQuery, DIMENSION_KEYS } from './bucket-query';
import type { Series } from './series-key';

/** The query's event-id and dimension filters as a predicate, for counts not read from MongoDB. */
export function seriesFilter(query: BucketQuery): (series: Series) => boolean {
  const ids = query.eventIds ? new Set(query.eventIds) : undefined;
  const glob = query.eventIdGlob === undefined ? undefined : compileEventIdGlob(query.eventIdGlob);
  const wanted = DIMENSION_KEYS.flatMap((key) => {
    const value = query.dimensions?.[key];
    return value === undefined ? [] : [[key, value ?? undefined] as const];
  });
  return (series) =>
    (!ids || ids.has(series.eventId)) &&
    (!glob || glob(series.eventId)) &&
    wanted.every(([key, value]) => series.dimensions[key] === value);
}
