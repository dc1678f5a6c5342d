// Every model by its public name, and the members of the combination that 'auto' runs.
import { ModelName } from '../forecast-types';
import { arima } from './arima/arima-model';
import { CombinationMember, validatedCombination } from './combination';
import { dshw } from './dshw';
import { onLogScale } from './log-scale';
import {
  autoEts,
  dampedTrend,
  holt,
  holtWintersAdditive,
  holtWintersAdditiveDamped,
  holtWintersMultiplicative,
  holtWintersMultiplicativeDamped,
  ses,
} from './ets/ets-models';
import { ForecastModel } from './model';
import { mstlArima, mstlEts, mstlSarima } from './multi-seasonal';
import { naive, naive2, seasonalNaive } from './naive';
import { theta } from './theta';

type SingleModelName = Exclude<ModelName, 'combination'>;

const SINGLE_MODELS: Record<SingleModelName, ForecastModel> = {
  naive,
  'seasonal-naive': seasonalNaive,
  naive2,
  ses,
  holt,
  damped: dampedTrend,
  'hw-additive': holtWintersAdditive,
  'hw-multiplicative': holtWintersMultiplicative,
  'hw-additive-damped': holtWintersAdditiveDamped,
  'hw-multiplicative-damped': holtWintersMultiplicativeDamped,
  ets: autoEts,
  theta,
  arima,
  'mstl-ets': mstlEts,
  'mstl-arima': mstlArima,
  'mstl-sarima': mstlSarima,
  dshw,
};

/**
 * Accurate models with different structure (seasonal ARIMA with and without the longer seasons
 * removed, decomposition, double seasonal smoothing; additive and on the log scale), so that
 * the validation weights have real alternatives to choose between.
 */
export const COMBINATION_MEMBERS: readonly CombinationMember[] = [
  { name: 'seasonal-naive', model: seasonalNaive },
  { name: 'arima', model: arima },
  { name: 'mstl-sarima', model: mstlSarima },
  { name: 'log mstl-sarima', model: onLogScale(mstlSarima) },
  { name: 'mstl-arima', model: mstlArima },
  { name: 'mstl-ets', model: mstlEts },
  { name: 'dshw', model: dshw },
  { name: 'log dshw', model: onLogScale(dshw) },
];

const combination: ForecastModel = validatedCombination(COMBINATION_MEMBERS);

export const MODELS: Record<ModelName, ForecastModel> = { ...SINGLE_MODELS, combination };

/** What 'auto' runs. */
export const AUTO_MODEL: ModelName = 'combination';
