import { BaseServiceConfig, IntegerFromEnv, IsIntegerBetween } from '@vantage/service-runtime';

/** The traffic monitor's environment: ingestion, retention, and the alert evaluator. */
export class TrafficMonitorConfig extends BaseServiceConfig {
  /** How long per-minute buckets are kept (days). */
  @IntegerFromEnv()
  @IsIntegerBetween(1, 3650)
  RETENTION_MINUTE_DAYS = 14;

  /** How long hourly buckets are kept (days). */
  @IntegerFromEnv()
  @IsIntegerBetween(1, 36500)
  RETENTION_HOUR_DAYS = 400;

  /** How long daily buckets are kept (days). */
  @IntegerFromEnv()
  @IsIntegerBetween(1, 36500)
  RETENTION_DAY_DAYS = 1826;

  /** Events timestamped further than this in the future are rejected (clock skew allowance). */
  @IntegerFromEnv()
  @IsIntegerBetween(0, 86_400_000)
  INGEST_MAX_FUTURE_MS = 300_000;

  /**
   * How long an organisation's computed event health (dashboard stats and table) is reused, in
   * ms. A config or RAD set change is seen at once; newly ingested counts after at most this.
   * 0 computes on every request.
   */
  @IntegerFromEnv()
  @IsIntegerBetween(0, 3_600_000)
  HEALTH_CACHE_TTL_MS = 30_000;

  /**
   * Ingest: pending counts live in Redis spread over this many shards (one flusher per shard at
   * a time). Changing it needs the pending counts drained first (docs/traffic-ingest.md).
   */
  @IntegerFromEnv()
  @IsIntegerBetween(1, 1024)
  INGEST_SHARDS = 16;

  /** Ingest: how often each replica looks for pending buckets to flush to MongoDB. */
  @IntegerFromEnv()
  @IsIntegerBetween(50, 60_000)
  INGEST_FLUSH_INTERVAL_MS = 1000;

  /**
   * Ingest: a bucket is flushed this long after it ends, so events a little late still land in
   * Redis rather than costing an update of a stored bucket. Readers see pending counts anyway.
   */
  @IntegerFromEnv()
  @IsIntegerBetween(0, 3_600_000)
  INGEST_FLUSH_GRACE_MS = 10_000;

  /** Ingest: how long a batch's Idempotency-Key (and its answer) is remembered. */
  @IntegerFromEnv()
  @IsIntegerBetween(60, 604_800)
  INGEST_IDEMPOTENCY_TTL_SECONDS = 86_400;

  /** How often the retention job deletes expired buckets (once across replicas). */
  @IntegerFromEnv()
  @IsIntegerBetween(1000, 86_400_000)
  RETENTION_JOB_INTERVAL_MS = 3_600_000;
}
