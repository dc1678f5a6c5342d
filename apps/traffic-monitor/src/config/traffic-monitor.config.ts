import { isValidHostAllowList } from '@vantage/outbound-http';
import {
  BaseServiceConfig,
  IntegerFromEnv,
  IsIntegerBetween,
  IsOneOf,
} from '@vantage/service-runtime';
import { ValidateBy } from 'class-validator';

/** The traffic monitor's environment: ingestion, retention, and the alert evaluator. */
export class TrafficMonitorConfig extends BaseServiceConfig {
  /** How long per-minute buckets are kept (days); ingest refuses events older than this. */
  @IntegerFromEnv()
  @IsIntegerBetween(1, 3650)
  RETENTION_MINUTE_DAYS = 14;

  /** How long hourly buckets are kept (days). */
  @IntegerFromEnv()
  @IsIntegerBetween(1, 36500)
  // An accepted event is added at every resolution: a coarser one kept shorter would lose it.
  @IsAtLeast('RETENTION_MINUTE_DAYS')
  RETENTION_HOUR_DAYS = 400;

  /** How long daily buckets are kept (days). */
  @IntegerFromEnv()
  @IsIntegerBetween(1, 36500)
  @IsAtLeast('RETENTION_HOUR_DAYS')
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

  /**
   * Ingest: how long a batch sent WITHOUT an Idempotency-Key is remembered by its transport
   * message id, so a message redelivered after a replica died (TRANSPORT_CLAIM_IDLE_MS) is not
   * counted twice. Shorter than the key's TTL: every such batch leaves one record in Redis.
   */
  @IntegerFromEnv()
  @IsIntegerBetween(60, 604_800)
  INGEST_MESSAGE_DEDUP_TTL_SECONDS = 3600;

  /** How often the retention job deletes expired buckets (once across replicas). */
  @IntegerFromEnv()
  @IsIntegerBetween(1000, 86_400_000)
  RETENTION_JOB_INTERVAL_MS = 3_600_000;

  /**
   * Rebuild the per-organisation totals of buckets stored before that read model existed, once
   * (org-totals-backfill.ts). 'false' for a deployment that never had buckets without totals,
   * or for tests that run the backfill themselves.
   */
  @IsOneOf(['true', 'false'])
  ORG_TOTALS_BACKFILL: 'true' | 'false' = 'true';

  /**
   * Alerts: how often the rules are evaluated (once across replicas). 0 turns the schedule off,
   * for tests that run evaluations themselves.
   */
  @IntegerFromEnv()
  @IsZeroOrIntegerBetween(1000, 3_600_000)
  ALERT_EVALUATION_INTERVAL_MS = 60_000;

  /** Alerts: how long one Slack webhook POST may take before it counts as failed. */
  @IntegerFromEnv()
  @IsIntegerBetween(100, 60_000)
  ALERT_SLACK_TIMEOUT_MS = 5000;

  /** Alerts: attempts per Slack notification (1: no retry). */
  @IntegerFromEnv()
  @IsIntegerBetween(1, 10)
  ALERT_SLACK_MAX_ATTEMPTS = 3;

  /** Alerts: the wait before the first Slack retry, doubled before each further one. */
  @IntegerFromEnv()
  @IsIntegerBetween(0, 60_000)
  ALERT_SLACK_BACKOFF_MS = 1000;

  /**
   * Alerts: the hosts a Slack webhook URL may point to, comma-separated (`*.example.com` for
   * any subdomain). Anything else is refused when a rule is saved and again before each POST.
   */
  @ValidateBy({
    name: 'isHostAllowList',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isValidHostAllowList(value),
      defaultMessage: () => '$property must be a comma-separated list of host names',
    },
  })
  SLACK_WEBHOOK_HOSTS = 'hooks.slack.com';
}

function IsZeroOrIntegerBetween(min: number, max: number): PropertyDecorator {
  return ValidateBy({
    name: 'isZeroOrIntegerBetween',
    validator: {
      validate: (value: unknown) =>
        value === 0 ||
        (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max),
      defaultMessage: () => `$property must be 0 (off) or an integer between ${min} and ${max}`,
    },
  });
}

/** The value is at least that of another variable of the config (a cross-variable rule). */
function IsAtLeast(other: keyof TrafficMonitorConfig): PropertyDecorator {
  return ValidateBy({
    name: 'isAtLeast',
    validator: {
      validate: (value: unknown, args) => {
        const bound = (args?.object as Partial<TrafficMonitorConfig> | undefined)?.[other];
        return typeof value !== 'number' || typeof bound !== 'number' || value >= bound;
      },
      defaultMessage: () => `$property must be at least ${other}`,
    },
  });
}
