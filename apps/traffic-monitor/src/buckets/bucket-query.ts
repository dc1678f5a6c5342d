/**
 * The vocabulary of stored traffic counts, shared by the ingest writer and every reader
 * (RAD sets, health, dashboard, experiments, formulas, alerts).
 */

/** Bucket width. Minute buckets are kept 14 days, hour 400 days, day 5 years (configurable). */
export type BucketResolution = 'minute' | 'hour' | 'day';

export const BUCKET_RESOLUTIONS: readonly BucketResolution[] = ['minute', 'hour', 'day'];

/** Width of one bucket in milliseconds; buckets start at UTC boundaries (minute, hour, midnight). */
export const RESOLUTION_MS: Readonly<Record<BucketResolution, number>> = {
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
};

/** The dimension keys an event may carry; any other key is rejected at ingest. */
export const DIMENSION_KEYS = ['experiment', 'variant', 'host', 'region'] as const;
export type DimensionKey = (typeof DIMENSION_KEYS)[number];

/**
 * The dimension set of a series. A key that an event did not carry is absent (never `''` or
 * `null`), so `{}` is the series of events sent without dimensions.
 */
export type EventDimensions = Readonly<Partial<Record<DimensionKey, string>>>;

/** Which buckets to read. Every filter given must match (AND). */
export interface BucketQuery {
  /** The organisation (from the message envelope, never from a payload). */
  readonly orgId: string;
  readonly resolution: BucketResolution;
  /** Inclusive: buckets whose start is >= from. Not required to be aligned. */
  readonly from: Date;
  /** Exclusive: buckets whose start is < to. */
  readonly to: Date;
  /** Only these event ids (exact). An empty array matches nothing. */
  readonly eventIds?: readonly string[];
  /**
   * Only event ids matching this glob: `*` is any run of characters (dots included), `?` one
   * character, everything else literal; anchored at both ends. e.g.
   * `pandc.vnext.recommendations.feed.feed*`. Combined with `eventIds` both must match.
   */
  readonly eventIdGlob?: string;
  /**
   * Only series whose dimension has exactly this value, for each key given; keys not given are
   * unconstrained. `{ experiment: 'exp-1' }` returns every variant/host/region of exp-1.
   * A key given as `null` matches series that do NOT carry that dimension.
   */
  readonly dimensions?: Readonly<Partial<Record<DimensionKey, string | null>>>;
}

/** One stored bucket: the count of one series (event id + dimension set) in one bucket. */
export interface BucketRow {
  readonly eventId: string;
  readonly dimensions: EventDimensions;
  /** Start of the bucket (UTC boundary of the resolution). */
  readonly start: Date;
  readonly count: number;
}

/** Sum of counts of one event id over all its dimension sets and all buckets in range. */
export interface EventTotal {
  readonly eventId: string;
  readonly count: number;
}

/** Sum of counts of one combination of the grouped keys (absent dimension: key left out). */
export interface GroupTotal {
  readonly key: Readonly<Partial<Record<DimensionKey | 'eventId', string>>>;
  readonly count: number;
}

/** One point of a series: the summed count of every matching row in the bucket starting at `start`. */
export interface SeriesPoint {
  readonly start: Date;
  readonly count: number;
}

export interface SeriesOptions {
  /**
   * true (default): one point per bucket in [from, to), zero where nothing was stored, so
   * formulas can shift and window by index. false: only buckets that hold counts.
   */
  readonly fill?: boolean;
}

/**
 * Largest number of rows `read` returns (and of points a filled `series` produces) before it
 * throws a ValidationFailedError on `to`: a query over a huge range must narrow itself or use a
 * coarser resolution rather than exhaust the service's memory.
 */
export const MAX_BUCKET_ROWS = 1_000_000;
