import { Injectable } from '@nestjs/common';
import {
  type Aggregation,
  BURN_RATE_WINDOWS,
  type BurnRateWindow,
  NotFoundError,
  type SloStatusDto,
} from '@vantage/contracts';
import { seriesIdOf } from '../series/series-identity';
import { SeriesReader } from '../series/series-reader';
import {
  burnRateOf,
  errorBudgetOf,
  type FiringRule,
  firingRules,
  sliOf,
  WINDOW_MS,
} from './burn-rate';
import type { Slo } from './slo.schema';
import { toSloDto } from './slos.service';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Windows read from minute buckets; longer ones (3d, the SLO window) from hourly rollups. */
const SHORT_READ_MS = WINDOW_MS['6h'];

/** Bad and total events of one window. */
interface Tally {
  readonly bad: number;
  readonly total: number;
}

/** How an SLO's events are counted over a read: one tally for the last `steps` points. */
type Tallier = (steps: number) => Tally;

export interface SloEvaluation {
  readonly status: SloStatusDto;
  readonly firing: FiringRule[];
}

/**
 * An SLO's status from its series:
 * - availability: bad = errors (or total - good), total = requests, summed per step;
 * - latency: the golden signals store percentiles, not histograms, so the SLI is the share of
 *   judged intervals (minutes up to 6h windows; hours for 3d and the SLO window, read from the
 *   hourly rollups) whose mean percentile is at or under the threshold. Intervals without a
 *   sample are not judged.
 * A series that does not exist (yet) counts as no data.
 */
@Injectable()
export class SloStatusService {
  constructor(private readonly reader: SeriesReader) {}

  async evaluate(slo: Slo, now = new Date()): Promise<SloEvaluation> {
    const windowMs = slo.windowDays * DAY_MS;
    const [short, threeDays, window] = await Promise.all([
      this.tallier(slo, now, SHORT_READ_MS, MINUTE_MS),
      this.tallier(slo, now, WINDOW_MS['3d'], HOUR_MS),
      this.tallier(slo, now, windowMs, HOUR_MS),
    ]);
    const burnRates = {} as Record<BurnRateWindow, number | null>;
    for (const name of BURN_RATE_WINDOWS) {
      const tally =
        name === '3d' ? threeDays(Number.MAX_SAFE_INTEGER) : short(WINDOW_MS[name] / MINUTE_MS);
      burnRates[name] = burnRateOf(slo.target, tally.bad, tally.total);
    }
    const overall = window(Number.MAX_SAFE_INTEGER);
    const firing = firingRules(burnRates);
    return {
      firing,
      status: {
        slo: toSloDto(slo),
        sli: sliOf(overall.bad, overall.total),
        total: overall.total,
        bad: overall.bad,
        errorBudget: errorBudgetOf(slo.target, overall.bad, overall.total),
        burnRates,
        alerts: firing.map((rule) => ({
          rule: rule.rule,
          severity: rule.severity,
          longWindow: rule.longWindow,
          shortWindow: rule.shortWindow,
          threshold: rule.threshold,
          longBurnRate: rule.longBurnRate,
          shortBurnRate: rule.shortBurnRate,
        })),
        evaluatedAt: now.toISOString(),
      },
    };
  }

  /** Reads the SLO's series over [now - spanMs, now) at `stepMs` and answers its tallier. */
  private async tallier(slo: Slo, now: Date, spanMs: number, stepMs: number): Promise<Tallier> {
    const read = (seriesId: string, aggregation: Aggregation) =>
      this.values(slo.orgId, seriesId, new Date(now.getTime() - spanMs), now, stepMs, aggregation);
    if (slo.kind === 'latency') {
      const seriesId =
        slo.latencySeriesId ??
        seriesIdOf({ name: `vantage.${slo.service}.latency_${slo.percentile}_ms`, labels: {} });
      const values = await read(seriesId, 'avg');
      const threshold = slo.thresholdMs ?? Number.POSITIVE_INFINITY;
      return (steps) => {
        const judged = values.slice(-steps).filter((value): value is number => value !== null);
        return {
          total: judged.length,
          bad: judged.filter((value) => value > threshold).length,
        };
      };
    }
    if (slo.goodSeriesId !== null && slo.totalSeriesId !== null) {
      const [good, total] = await Promise.all([
        read(slo.goodSeriesId, 'sum'),
        read(slo.totalSeriesId, 'sum'),
      ]);
      return (steps) => {
        const totalSum = sumOf(total.slice(-steps));
        return { total: totalSum, bad: Math.max(0, totalSum - sumOf(good.slice(-steps))) };
      };
    }
    const name = (signal: string) =>
      seriesIdOf({ name: `vantage.${slo.service}.${signal}`, labels: {} });
    const [errors, requests] = await Promise.all([
      read(name('errors'), 'sum'),
      read(name('requests'), 'sum'),
    ]);
    return (steps) => ({
      total: sumOf(requests.slice(-steps)),
      bad: sumOf(errors.slice(-steps)),
    });
  }

  /** One value per step, null without samples; a series the org does not have reads as empty. */
  private async values(
    orgId: string,
    seriesId: string,
    from: Date,
    to: Date,
    stepMs: number,
    aggregation: Aggregation,
  ): Promise<(number | null)[]> {
    try {
      const { points } = await this.reader.points(orgId, seriesId, {
        from,
        to,
        stepMs,
        aggregation,
      });
      return points.map((point) => point.value);
    } catch (error) {
      if (error instanceof NotFoundError) return [];
      throw error;
    }
  }
}

function sumOf(values: readonly (number | null)[]): number {
  let sum = 0;
  for (const value of values) if (value !== null) sum += value;
  return sum;
}
