import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  FORECAST_DEFAULT_HORIZON,
  FORECAST_LEVELS,
  FORECAST_MIN_POINTS,
  type ForecastDto,
  type ForecastMessage,
  type ForecastPointDto,
  ValidationFailedError,
} from '@vantage/contracts';
import { forecast } from '@vantage/forecasting';
import { alignDown } from '../series/bucket-aggregation';
import { SeriesReader } from '../series/series-reader';
import { ForecastCache } from './forecast-cache';
import { SeriesProfiles } from './series-profile';

/** Most history one forecast is trained on (a bound on work per request). */
export const FORECAST_MAX_HISTORY_POINTS = 2000;
const DAY_MS = 86_400_000;

interface History {
  readonly firstMs: number;
  readonly values: readonly (number | null)[];
}

/**
 * Forecasts a series from its history at its natural step (or the one asked for) with the
 * forecasting library's automatic model. A forecast is cached under a hash of its inputs (the
 * observed history included), so it is reused until a sample changes the history.
 */
@Injectable()
export class ForecastService {
  constructor(
    private readonly profiles: SeriesProfiles,
    private readonly reader: SeriesReader,
    private readonly cache: ForecastCache,
  ) {}

  async forecast(orgId: string, query: ForecastMessage, now = Date.now()): Promise<ForecastDto> {
    const profile = await this.profiles.of(orgId, query.seriesId, now);
    const stepMs = query.stepMs ?? profile.stepMs;
    const horizon = query.horizon ?? FORECAST_DEFAULT_HORIZON;
    const levels = [...(query.levels ?? FORECAST_LEVELS)].sort((a, b) => a - b);
    const { points } = await this.reader.points(orgId, query.seriesId, {
      from: new Date(alignDown(now, stepMs) - (FORECAST_MAX_HISTORY_POINTS - 1) * stepMs),
      to: new Date(now),
      stepMs,
      aggregation: profile.aggregation,
    });
    const history = observedSpan(points.map((point) => point.value));
    const observed = history.values.filter((value) => value !== null).length;
    if (observed < FORECAST_MIN_POINTS) {
      const message =
        `a forecast needs at least ${FORECAST_MIN_POINTS} observed points at step ${stepMs} ms; ` +
        `this series has ${observed} in the last ${FORECAST_MAX_HISTORY_POINTS} steps`;
      throw new ValidationFailedError(message, [{ field: 'seriesId', message }]);
    }
    const firstMs = Date.parse(points[0]?.timestamp ?? '') + history.firstIndex * stepMs;
    const span: History = { firstMs, values: history.values };
    const key = cacheKey(orgId, query.seriesId, stepMs, horizon, levels, span);
    return this.cache.getOrCompute(key, () =>
      compute(query.seriesId, span, stepMs, horizon, levels, now),
    );
  }
}

/** The history from its first to its last observed point. */
function observedSpan(values: readonly (number | null)[]): {
  firstIndex: number;
  values: (number | null)[];
} {
  const firstIndex = values.findIndex((value) => value !== null);
  if (firstIndex < 0) return { firstIndex: 0, values: [] };
  let last = values.length - 1;
  while (last > firstIndex && values[last] === null) last--;
  return { firstIndex, values: values.slice(firstIndex, last + 1) };
}

function cacheKey(
  orgId: string,
  seriesId: string,
  stepMs: number,
  horizon: number,
  levels: readonly number[],
  history: History,
): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([history.firstMs, history.values]))
    .digest('base64url');
  return `${orgId}:${seriesId}:${stepMs}:${horizon}:${levels.join(',')}:${digest}`;
}

function compute(
  seriesId: string,
  history: History,
  stepMs: number,
  horizon: number,
  levels: readonly number[],
  now: number,
): ForecastDto {
  // A daily cycle is the usual one for telemetry below a day; the library still looks for a
  // weekly one, and detects from the data when the history is too short for two days.
  const daily = stepMs < DAY_MS && DAY_MS % stepMs === 0 ? DAY_MS / stepMs : null;
  const season =
    daily !== null && daily > 1 && daily * 2 <= history.values.length ? daily : undefined;
  const result = forecast(history.values, {
    horizon,
    levels,
    ...(season === undefined ? {} : { season }),
  });
  const lastMs = history.firstMs + (history.values.length - 1) * stepMs;
  const points = result.point.map((value, step): ForecastPointDto => {
    const point: ForecastPointDto = {
      timestamp: new Date(lastMs + (step + 1) * stepMs).toISOString(),
      value,
    };
    for (const level of levels) {
      const interval = result.intervals[level];
      const lo = interval?.lo[step];
      const hi = interval?.hi[step];
      if (level === 80) Object.assign(point, { lo80: lo, hi80: hi });
      if (level === 95) Object.assign(point, { lo95: lo, hi95: hi });
    }
    return point;
  });
  return {
    seriesId,
    model: result.model,
    stepMs,
    levels: [...levels],
    points,
    generatedAt: new Date(now).toISOString(),
    trainedOn: {
      from: new Date(history.firstMs).toISOString(),
      to: new Date(lastMs).toISOString(),
      points: history.values.length,
    },
  };
}
