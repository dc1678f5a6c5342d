import {
  type Aggregation,
  SERIES_MAX_POINTS,
  SERIES_MIN_STEP_MS,
  type SeriesPointsQueryDto,
  ValidationFailedError,
} from '@vantage/contracts';
import { alignDown, type PointGrid } from './bucket-aggregation';

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const DEFAULT_RANGE_MS = 86_400_000;
/** Default steps, smallest first; the first giving at most DEFAULT_MAX_POINTS is used. */
const DEFAULT_STEPS_MS = [60_000, 300_000, 900_000, 3_600_000, 21_600_000, 86_400_000];
const DEFAULT_MAX_POINTS = 1000;

/** A points read, resolved: the grid starts at `from` aligned down to the step. */
export interface PointsQuery extends PointGrid {
  readonly fromMs: number;
  readonly toMs: number;
  readonly aggregation: Aggregation;
}

/** `90s` → 90000. The pattern (DURATION_PATTERN) is checked by the DTO. */
export function durationMs(duration: string): number {
  const unit = duration.at(-1) as keyof typeof UNIT_MS;
  return Number(duration.slice(0, -1)) * UNIT_MS[unit];
}

/**
 * Defaults and bounds of a points read: [from, to) defaults to the last 24 hours, the step to
 * the smallest common one giving at most 1,000 points; a step must be whole minutes, and a read
 * at most SERIES_MAX_POINTS points. Bad combinations are 400s naming the field.
 */
export function resolvePointsQuery(query: SeriesPointsQueryDto, now = Date.now()): PointsQuery {
  const toMs = query.to !== undefined ? Date.parse(query.to) : now;
  const fromMs = query.from !== undefined ? Date.parse(query.from) : toMs - DEFAULT_RANGE_MS;
  if (!(fromMs < toMs)) invalid('from', 'from must be before to');
  const stepMs =
    query.step !== undefined
      ? durationMs(query.step)
      : (DEFAULT_STEPS_MS.find(
          (step) => (toMs - alignDown(fromMs, step)) / step <= DEFAULT_MAX_POINTS,
        ) ?? (DEFAULT_STEPS_MS.at(-1) as number));
  if (stepMs < SERIES_MIN_STEP_MS || stepMs % SERIES_MIN_STEP_MS !== 0) {
    invalid('step', 'step must be a whole number of minutes (60s, 5m, 1h, 1d ...)');
  }
  const startMs = alignDown(fromMs, stepMs);
  const points = Math.ceil((toMs - startMs) / stepMs);
  if (points > SERIES_MAX_POINTS) {
    invalid('step', `the range holds ${points} steps; at most ${SERIES_MAX_POINTS} per read`);
  }
  return {
    fromMs,
    toMs,
    startMs,
    stepMs,
    points,
    aggregation: query.aggregation ?? 'avg',
  };
}

function invalid(field: string, message: string): never {
  throw new ValidationFailedError(message, [{ field, message }]);
}
