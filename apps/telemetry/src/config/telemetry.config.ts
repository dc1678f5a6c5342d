import {
  BaseServiceConfig,
  IntegerFromEnv,
  IsAcceptedBy,
  IsIntegerBetween,
  MatchesName,
} from '@vantage/service-runtime';
import { parseHealthWeights } from '../health-scores/health-score';

/** The telemetry service's environment: series storage, retention, ingest and the system org. */
export class TelemetryConfig extends BaseServiceConfig {
  /**
   * The organisation Vantage's own golden signals (`vantage.<service>.<signal>`) are stored
   * under. Set it to the operators' organisation id to read them through the API.
   */
  @MatchesName(/^[A-Za-z0-9_-]{1,64}$/, 'an organisation id of letters, digits, _ or -')
  TELEMETRY_SYSTEM_ORG_ID = 'org_vantage_system';

  /** How long per-minute points (and the timestamps quality is judged on) are kept (days). */
  @IntegerFromEnv()
  @IsIntegerBetween(1, 3650)
  RETENTION_MINUTE_DAYS = 14;

  /** How long hourly rollups are kept (days). */
  @IntegerFromEnv()
  @IsIntegerBetween(1, 36500)
  RETENTION_HOUR_DAYS = 400;

  /** How often the retention job deletes expired points (once across replicas). */
  @IntegerFromEnv()
  @IsIntegerBetween(1000, 86_400_000)
  RETENTION_JOB_INTERVAL_MS = 3_600_000;

  /** Samples timestamped further than this in the future are refused (clock skew allowance). */
  @IntegerFromEnv()
  @IsIntegerBetween(0, 86_400_000)
  INGEST_MAX_FUTURE_MS = 300_000;

  /** How long a batch's Idempotency-Key (and its answer) is remembered. */
  @IntegerFromEnv()
  @IsIntegerBetween(60, 604_800)
  INGEST_IDEMPOTENCY_TTL_SECONDS = 86_400;

  /**
   * How often staged golden-signals reports are folded into points (once across replicas;
   * each minute is folded at the first run GOLDEN_SIGNALS_FOLD_DELAY_MS after it ends).
   */
  @IntegerFromEnv()
  @IsIntegerBetween(1000, 3_600_000)
  GOLDEN_SIGNALS_FOLD_INTERVAL_MS = 15_000;

  /**
   * How long after a minute ends its golden-signals reports are folded: room for the reports
   * of that minute still on their way. Negative folds the running minute too (its buckets are
   * then written at every run): for tests that read what they just reported.
   */
  @IntegerFromEnv()
  @IsIntegerBetween(-60_000, 600_000)
  GOLDEN_SIGNALS_FOLD_DELAY_MS = 5_000;

  /** How often SLO burn rates are evaluated and their alerts announced (once across replicas). */
  @IntegerFromEnv()
  @IsIntegerBetween(1000, 3_600_000)
  SLO_EVALUATION_INTERVAL_MS = 60_000;

  /** Health-score component weights, e.g. `errors=0.5,traffic=0`; unnamed ones keep defaults. */
  @IsAcceptedBy(
    parseHealthWeights,
    '<component>=<weight>,... over latency, errors, cpu, memory, traffic',
  )
  HEALTH_SCORE_WEIGHTS = '';

  /** The recent window health scores read the golden signals over. */
  @IntegerFromEnv()
  @IsIntegerBetween(60_000, 3_600_000)
  HEALTH_SCORE_WINDOW_MS = 300_000;

  /** p95 latency (ms) that still scores 100; three times it scores 0. */
  @IntegerFromEnv()
  @IsIntegerBetween(1, 600_000)
  HEALTH_LATENCY_TARGET_MS = 300;

  /** Memory limit a service's RSS is judged against (100 up to 70 %, 0 at the limit). */
  @IntegerFromEnv()
  @IsIntegerBetween(1_048_576, 1_099_511_627_776)
  HEALTH_MEMORY_LIMIT_BYTES = 536_870_912;

  /** How often new points of recently active series are scored for anomalies (0: never). */
  @IntegerFromEnv()
  @IsIntegerBetween(0, 86_400_000)
  ANOMALY_SCAN_INTERVAL_MS = 60_000;

  /** Anomaly score (in hundredths, 0-100) at or above which a point is stored as an anomaly. */
  @IntegerFromEnv()
  @IsIntegerBetween(1, 100)
  ANOMALY_SCORE_THRESHOLD_PERCENT = 50;
}
