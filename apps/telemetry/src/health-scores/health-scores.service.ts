import { Injectable } from '@nestjs/common';
import {
  type Aggregation,
  type HealthScoreDto,
  type HealthScoreListDto,
  NotFoundError,
  SERVICE_NAMES,
} from '@vantage/contracts';
import { TelemetryConfig } from '../config/telemetry.config';
import { seriesIdOf } from '../series/series-identity';
import { SeriesReader } from '../series/series-reader';
import { healthScore, parseHealthWeights, type HealthWeights } from './health-score';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/**
 * Health scores of services from their golden signals (`vantage.<service>.*` of the caller's
 * org: the system org holds Vantage's own) over the last HEALTH_SCORE_WINDOW_MS. No anomaly
 * detector exists yet, so the traffic component compares the window's requests with the same
 * window a day earlier; it is unknown (and left out) without traffic then.
 */
@Injectable()
export class HealthScoresService {
  private readonly weights: HealthWeights;

  constructor(
    private readonly reader: SeriesReader,
    private readonly config: TelemetryConfig,
  ) {
    this.weights = parseHealthWeights(config.HEALTH_SCORE_WEIGHTS);
  }

  /** Every Vantage service, in SERVICE_NAMES order. */
  async list(orgId: string, now = new Date()): Promise<HealthScoreListDto> {
    return {
      items: await Promise.all(SERVICE_NAMES.map((service) => this.score(orgId, service, now))),
    };
  }

  async score(orgId: string, service: string, now = new Date()): Promise<HealthScoreDto> {
    const windowMs = this.config.HEALTH_SCORE_WINDOW_MS;
    const from = new Date(now.getTime() - windowMs);
    const dayBefore = {
      from: new Date(from.getTime() - DAY_MS),
      to: new Date(now.getTime() - DAY_MS),
    };
    const read = (signal: string, aggregation: Aggregation, range = { from, to: now }) =>
      this.values(orgId, `vantage.${service}.${signal}`, range.from, range.to, aggregation);
    const [latency, errors, requests, cpu, rss, requestsDayBefore] = await Promise.all([
      read('latency_p95_ms', 'avg'),
      read('errors', 'sum'),
      read('requests', 'sum'),
      read('cpu_utilisation', 'avg'),
      read('rss_bytes', 'avg'),
      read('requests', 'sum', dayBefore),
    ]);
    const requestCount = sumOf(requests);
    const baseline = sumOf(requestsDayBefore);
    const result = healthScore(
      {
        latencyP95Ms: meanOf(latency),
        errorRate:
          requestCount !== null && requestCount > 0 ? (sumOf(errors) ?? 0) / requestCount : null,
        cpuUtilisation: meanOf(cpu),
        rssBytes: meanOf(rss),
        trafficDeviation:
          baseline !== null && baseline > 0
            ? Math.abs((requestCount ?? 0) - baseline) / baseline
            : null,
      },
      {
        latencyTargetMs: this.config.HEALTH_LATENCY_TARGET_MS,
        memoryLimitBytes: this.config.HEALTH_MEMORY_LIMIT_BYTES,
      },
      this.weights,
    );
    return {
      service,
      score: result.score,
      grade: result.grade,
      status: result.status,
      components: result.components.map((component) => ({ ...component })),
      from: from.toISOString(),
      to: now.toISOString(),
    };
  }

  /** Minute values of an unlabelled series; a series the org does not have reads as empty. */
  private async values(
    orgId: string,
    name: string,
    from: Date,
    to: Date,
    aggregation: Aggregation,
  ): Promise<(number | null)[]> {
    try {
      const seriesId = seriesIdOf({ name, labels: {} });
      const range = { from, to, stepMs: MINUTE_MS, aggregation };
      return (await this.reader.points(orgId, seriesId, range)).points.map((point) => point.value);
    } catch (error) {
      if (error instanceof NotFoundError) return [];
      throw error;
    }
  }
}

function known(values: readonly (number | null)[]): number[] {
  return values.filter((value): value is number => value !== null);
}

function sumOf(values: readonly (number | null)[]): number | null {
  const present = known(values);
  return present.length === 0 ? null : present.reduce((sum, value) => sum + value, 0);
}

function meanOf(values: readonly (number | null)[]): number | null {
  const present = known(values);
  return present.length === 0
    ? null
    : present.reduce((sum, value) => sum + value, 0) / present.length;
}
