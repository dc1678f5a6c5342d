import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { SERVICE_NAMES, type ServiceName } from '../services/service-name';

/**
 * Emitted by every Vantage service every GOLDEN_SIGNALS_INTERVAL_MS (libs/service-runtime
 * golden-signals reporter); the telemetry service stores it as `vantage.<service>.<signal>`
 * series of the system organisation. Carries no org in its envelope.
 */
export const GOLDEN_SIGNALS_REPORTED_EVENT = 'telemetry.golden-signals.reported';

/** Most routes one report carries; a service with more reports its busiest ones. */
export const GOLDEN_SIGNALS_MAX_ROUTES = 500;

export const ROUTE_KINDS = ['http', 'message'] as const;
export type RouteKind = (typeof ROUTE_KINDS)[number];

const finite = { allowNaN: false, allowInfinity: false } as const;

/** Latency percentiles of the requests of one period, in milliseconds. */
export class LatencyPercentilesDto {
  @IsNumber(finite)
  @Min(0)
  p50!: number;

  @IsNumber(finite)
  @Min(0)
  p95!: number;

  @IsNumber(finite)
  @Min(0)
  p99!: number;
}

/** Traffic, errors and latency of one route (or of the whole service) over one period. */
export class RouteSignalsDto {
  /** `GET /api/v1/rad-sets/:id` for HTTP, the pattern for messages, `*` for the service total. */
  @IsString()
  @MaxLength(200)
  route!: string;

  @IsIn([...ROUTE_KINDS, 'all'])
  kind!: RouteKind | 'all';

  /** Requests (HTTP requests and handled messages) completed in the period. */
  @IsInt()
  @Min(0)
  requests!: number;

  /** Of which failed: HTTP 5xx; messages that failed, expired or were dead-lettered. */
  @IsInt()
  @Min(0)
  errors!: number;

  /** Requests per second over the period. */
  @IsNumber(finite)
  @Min(0)
  requestRate!: number;

  /** errors / requests; null without requests. */
  @IsOptional()
  @IsNumber(finite)
  @Min(0)
  errorRate!: number | null;

  /** Estimated from the latency histogram's buckets; null without requests. */
  @IsOptional()
  @ValidateNested()
  @Type(() => LatencyPercentilesDto)
  latencyMs!: LatencyPercentilesDto | null;
}

/** How loaded the process is. */
export class ProcessSaturationDto {
  /** CPU time over wall time in the period: 1 is one core fully busy. */
  @IsNumber(finite)
  @Min(0)
  cpuUtilisation!: number;

  @IsNumber(finite)
  @Min(0)
  rssBytes!: number;

  @IsNumber(finite)
  @Min(0)
  heapUsedBytes!: number;

  /** Event-loop delay over the period (perf_hooks monitorEventLoopDelay), milliseconds. */
  @IsNumber(finite)
  @Min(0)
  eventLoopLagMeanMs!: number;

  @IsNumber(finite)
  @Min(0)
  eventLoopLagP99Ms!: number;
}

export class GoldenSignalsReportedEvent {
  @IsIn(SERVICE_NAMES)
  service!: ServiceName;

  /** The reporting replica (the transport consumer name). */
  @IsString()
  @Matches(/^[\x21-\x7e]{1,200}$/)
  instanceId!: string;

  /** The configured reporting interval, which the telemetry service uses as expected cadence. */
  @IsInt()
  @Min(1)
  intervalMs!: number;

  /** The measured period: [periodStart, periodEnd). The samples are stamped periodEnd. */
  @IsISO8601({ strict: true })
  periodStart!: string;

  @IsISO8601({ strict: true })
  periodEnd!: string;

  @ValidateNested()
  @Type(() => RouteSignalsDto)
  total!: RouteSignalsDto;

  @IsArray()
  @ArrayMaxSize(GOLDEN_SIGNALS_MAX_ROUTES)
  @ValidateNested({ each: true })
  @Type(() => RouteSignalsDto)
  routes!: RouteSignalsDto[];

  @ValidateNested()
  @Type(() => ProcessSaturationDto)
  process!: ProcessSaturationDto;
}
