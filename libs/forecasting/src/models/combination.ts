// Forecast combination weighted by out-of-sample accuracy on the series itself: every member is
// fitted once without the last `horizon` points and scored on them, then refitted on everything;
// the final forecast averages the members with weights that fall steeply with their validation
// error. Which model suits a series (a weekly cycle or not, multiplicative or not) varies a lot
// between series, and a holdout sees that where in-sample criteria cannot compare model classes.
import { PredictionInterval } from '../forecast-types';
import { ForecastModel, ModelForecast, ModelInput } from './model';
import { naive, seasonalNaive } from './naive';

export interface CombinationMember {
  readonly name: string;
  readonly model: ForecastModel;
}

/**
 * Weight = error^-POWER: with 4, a member twice as bad as another gets 1/16 of its weight, which
 * is close to choosing the best but still hedges between near-equals.
 */
const WEIGHT_POWER = 4;
const MIN_ERROR = 1e-6;

export interface WeightedForecast {
  readonly forecast: ModelForecast;
  readonly weight: number;
  readonly name: string;
}

/** The weighted mean of the members' points and interval bounds (members must be finite). */
export function weightedAverage(members: readonly WeightedForecast[]): ModelForecast {
  if (members.length === 0) throw new Error('weightedAverage needs at least one forecast');
  const total = members.reduce((sum, member) => sum + member.weight, 0);
  const horizon = members[0].forecast.point.length;
  const average = (pick: (forecast: ModelForecast) => readonly number[]): number[] =>
    Array.from({ length: horizon }, (_, h) => {
      let value = 0;
      for (const member of members) value += (member.weight / total) * pick(member.forecast)[h];
      return value;
    });
  const intervals = new Map<number, PredictionInterval>();
  for (const level of members[0].forecast.intervals.keys()) {
    const bound = (side: 'lo' | 'hi') => (forecast: ModelForecast) =>
      forecast.intervals.get(level)?.[side] ?? forecast.point;
    intervals.set(level, { lo: average(bound('lo')), hi: average(bound('hi')) });
  }
  const shares = [...members]
    .sort((a, b) => b.weight - a.weight)
    .map((member) => `${member.name} ${Math.round((100 * member.weight) / total)}%`);
  return {
    description: `Combination(${shares.join(', ')})`,
    point: average((forecast) => forecast.point),
    intervals,
  };
}

function isFiniteForecast(forecast: ModelForecast): boolean {
  const finite = (values: readonly number[]) => values.every(Number.isFinite);
  if (!finite(forecast.point)) return false;
  for (const { lo, hi } of forecast.intervals.values())
    if (!finite(lo) || !finite(hi)) return false;
  return true;
}

/**
 * The scale-free error the M4 competition ranks by, relative to seasonal naive on the same
 * holdout: the mean of sMAPE and MAE ratios (MAE stands in for MASE: same scale, same ratio).
 */
function relativeError(
  actual: Float64Array,
  forecast: readonly number[],
  reference: readonly number[],
): number {
  const smape = (f: readonly number[]): number => {
    let total = 0;
    for (let h = 0; h < actual.length; h++) {
      const denominator = Math.abs(actual[h]) + Math.abs(f[h]);
      total += denominator === 0 ? 0 : (2 * Math.abs(actual[h] - f[h])) / denominator;
    }
    return total / actual.length;
  };
  const mae = (f: readonly number[]): number => {
    let total = 0;
    for (let h = 0; h < actual.length; h++) total += Math.abs(actual[h] - f[h]);
    return total / actual.length;
  };
  const ratio = (value: number, base: number): number => (base > 0 ? value / base : value);
  return 0.5 * (ratio(smape(forecast), smape(reference)) + ratio(mae(forecast), mae(reference)));
}

/** How many points the holdout needs before it: enough for every member's longest season. */
function canValidate(input: ModelInput): boolean {
  const longest = Math.max(1, ...input.periods);
  return input.y.length - input.horizon >= 2 * longest + 2 * input.horizon;
}

/** Clips a member's forecast at zero when the series cannot go negative. */
function clipped(forecast: ModelForecast, input: ModelInput): ModelForecast {
  if (!input.nonNegative) return forecast;
  const clip = (values: readonly number[]): number[] => values.map((value) => Math.max(0, value));
  const intervals = new Map<number, PredictionInterval>();
  for (const [level, { lo, hi }] of forecast.intervals) {
    intervals.set(level, { lo: clip(lo), hi: clip(hi) });
  }
  return { ...forecast, point: clip(forecast.point), intervals };
}

export function validatedCombination(members: readonly CombinationMember[]): ForecastModel {
  return (input: ModelInput): ModelForecast => {
    const errors = canValidate(input) ? validationErrors(members, input) : undefined;
    const weighted: WeightedForecast[] = [];
    members.forEach((member, index) => {
      const forecast = clipped(member.model(input), input);
      const error = errors?.[index] ?? 1;
      if (!isFiniteForecast(forecast) || !Number.isFinite(error)) return;
      weighted.push({
        forecast,
        name: member.name,
        weight: Math.max(error, MIN_ERROR) ** -WEIGHT_POWER,
      });
    });
    if (weighted.length === 0)
      return { ...naive(input), description: 'Combination fallback Naive' };
    return weightedAverage(weighted);
  };
}

function validationErrors(members: readonly CombinationMember[], input: ModelInput): number[] {
  const cut = input.y.length - input.horizon;
  const training: ModelInput = { ...input, y: input.y.subarray(0, cut) };
  const actual = input.y.subarray(cut);
  const reference = seasonalNaive(training).point;
  return members.map((member) => {
    const forecast = clipped(member.model(training), input);
    return isFiniteForecast(forecast)
      ? relativeError(actual, forecast.point, reference)
      : Number.POSITIVE_INFINITY;
  });
}
