// The exponential smoothing family as forecast models: named members (SES, Holt, damped,
// Holt-Winters) and automatic selection by AICc over the admissible ETS models.
import { ForecastModel, ModelForecast, ModelInput } from '../model';
import { naive } from '../naive';
import { FittedEts, canFit, fitEts } from './ets-fit';
import { forecastEts } from './ets-forecast';
import { EtsSpec, ErrorType, SeasonType, TrendType, describeEts } from './ets-spec';

export type EtsForm = Omit<EtsSpec, 'm'>;

function toForecast(fit: FittedEts, input: ModelInput, label?: string): ModelForecast {
  const { point, intervals } = forecastEts(fit, input.horizon, input.levels);
  const name = describeEts(fit.spec);
  return { description: label ? `${label} ${name}` : name, point, intervals };
}

/**
 * The closest admissible form: a multiplicative season on data with zeros becomes additive, a
 * season on too short a series is dropped, and multiplicative errors on such data become additive.
 */
function admissibleSpecs(y: Float64Array, form: EtsForm, m: number): EtsSpec[] {
  const seasons: SeasonType[] =
    form.season === 'M' ? ['M', 'A', 'N'] : form.season === 'A' ? ['A', 'N'] : ['N'];
  const errors: ErrorType[] = form.error === 'M' ? ['M', 'A'] : ['A'];
  const specs: EtsSpec[] = [];
  for (const season of seasons) {
    for (const error of errors) {
      // Additive errors with a multiplicative season are numerically unstable (forecast::ets
      // restricts them too).
      if (error === 'A' && season === 'M') continue;
      specs.push({ error, trend: form.trend, season, m: season === 'N' ? 1 : m });
    }
  }
  return specs.filter((spec) => canFit(y, spec));
}

/** One ETS form, falling back to the closest admissible one and to naive on tiny series. */
export function etsForm(form: EtsForm, label: string): ForecastModel {
  return (input: ModelInput): ModelForecast => {
    const m = input.periods[0] ?? 1;
    for (const spec of admissibleSpecs(input.y, form, m)) {
      const fit = fitEts(input.y, spec);
      if (fit !== undefined) return toForecast(fit, input, label);
    }
    return { ...naive(input), description: `${label} fallback Naive` };
  };
}

const TRENDS: readonly TrendType[] = ['N', 'A', 'Ad'];
const SEASONS: readonly SeasonType[] = ['N', 'A', 'M'];
const ERRORS: readonly ErrorType[] = ['A', 'M'];

/** Every admissible ETS model fitted and the one with the lowest AICc kept. */
export function selectEtsByAicc(y: Float64Array, m: number): FittedEts | undefined {
  let best: FittedEts | undefined;
  for (const error of ERRORS) {
    for (const trend of TRENDS) {
      for (const season of SEASONS) {
        if (error === 'A' && season === 'M') continue;
        if (season !== 'N' && m < 2) continue;
        const spec: EtsSpec = { error, trend, season, m: season === 'N' ? 1 : m };
        if (!canFit(y, spec)) continue;
        const fit = fitEts(y, spec);
        if (fit !== undefined && (best === undefined || fit.aicc < best.aicc)) best = fit;
      }
    }
  }
  return best;
}

export const autoEts: ForecastModel = (input: ModelInput): ModelForecast => {
  const best = selectEtsByAicc(input.y, input.periods[0] ?? 1);
  if (best === undefined) return { ...naive(input), description: 'ETS fallback Naive' };
  return toForecast(best, input);
};

export const ses = etsForm({ error: 'A', trend: 'N', season: 'N' }, 'SES');
export const holt = etsForm({ error: 'A', trend: 'A', season: 'N' }, 'Holt');
export const dampedTrend = etsForm({ error: 'A', trend: 'Ad', season: 'N' }, 'Damped');
export const holtWintersAdditive = etsForm({ error: 'A', trend: 'A', season: 'A' }, 'HW');
export const holtWintersMultiplicative = etsForm({ error: 'M', trend: 'A', season: 'M' }, 'HW');
export const holtWintersAdditiveDamped = etsForm({ error: 'A', trend: 'Ad', season: 'A' }, 'HW');
export const holtWintersMultiplicativeDamped = etsForm(
  { error: 'M', trend: 'Ad', season: 'M' },
  'HW',
);
