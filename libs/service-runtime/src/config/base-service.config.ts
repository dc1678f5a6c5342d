import { ValidateIf } from 'class-validator';
import { parsePlanCaps } from '../caps/plan-caps';
import {
  IntegerFromEnv,
  IsAcceptedBy,
  IsIntegerBetween,
  IsOneOf,
  IsUrlListWithProtocol,
  IsUrlWithProtocol,
  MatchesName,
} from './env-validators';

export const NODE_ENVS = ['development', 'test', 'production'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

/**
 * The environment every service reads, parsed once at boot by `loadConfig`. Apps subclass it for
 * their own variables. HTTP_PORT and MONGO_DB have no class default: they differ per service and
 * come from `serviceEnvDefaults`.
 */
export class BaseServiceConfig {
  @IsOneOf(NODE_ENVS)
  NODE_ENV: NodeEnv = 'development';

  @IsOneOf(LOG_LEVELS)
  LOG_LEVEL: LogLevelName = 'info';

  @MatchesName(/^[A-Za-z0-9.:[\]-]+$/, 'a host name or IP address')
  HTTP_HOST = '0.0.0.0';

  @IntegerFromEnv()
  @IsIntegerBetween(1, 65535)
  HTTP_PORT!: number;

  /**
   * Port of /health/live, /health/ready and /metrics (on HTTP_HOST), which the public port does
   * not answer: for the orchestrator's probes and Prometheus, never routed by the Ingress.
   * Unset: HTTP_PORT + 6000 (9000 to 9004 by default), see opsPortOf.
   */
  @IntegerFromEnv()
  @ValidateIf((config: BaseServiceConfig) => config.OPS_HTTP_PORT !== undefined)
  @IsIntegerBetween(1, 65535)
  OPS_HTTP_PORT?: number;

  @IsUrlListWithProtocol(['redis', 'rediss'])
  REDIS_URL = 'redis://127.0.0.1:6379';

  @IsUrlWithProtocol(['mongodb', 'mongodb+srv'])
  MONGO_URL = 'mongodb://127.0.0.1:27017';

  @MatchesName(/^[A-Za-z0-9_-]{1,63}$/, 'a database name of letters, digits, _ or - (at most 63)')
  MONGO_DB!: string;

  @MatchesName(/^[A-Za-z0-9_.:-]{1,64}$/, 'a key prefix of letters, digits, _ . : or -')
  TRANSPORT_PREFIX = 'vantage';

  @IntegerFromEnv()
  @IsIntegerBetween(1, 600_000)
  TRANSPORT_REQUEST_TIMEOUT_MS = 5000;

  @IntegerFromEnv()
  @IsIntegerBetween(100, 3_600_000)
  TRANSPORT_CLAIM_IDLE_MS = 15_000;

  @IntegerFromEnv()
  @IsIntegerBetween(1, 1024)
  TRANSPORT_CONCURRENCY = 32;

  /** How often this replica reports its golden signals to telemetry (ms); 0 turns it off. */
  @IntegerFromEnv()
  @IsIntegerBetween(0, 3_600_000)
  GOLDEN_SIGNALS_INTERVAL_MS = 10_000;

  /**
   * Per-org caps by plan on RAD sets, saved formulas, experiments, alert rules and series
   * (enforced by traffic-monitor and telemetry), as overrides of the defaults:
   * `radSets.free=5,series.enterprise=50000`.
   */
  @IsAcceptedBy(parsePlanCaps, '<resource>.<plan>=<n>,...')
  ORG_CAPS = '';
}
