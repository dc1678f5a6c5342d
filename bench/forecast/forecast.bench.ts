// Forecast accuracy on the M4 hourly series (horizon 48, season 24): sMAPE, MASE and OWA against
// Naive2 computed in the same run, 80/95% interval coverage and time per series, for the M4
// benchmarks, every single model and the automatic choice.
//
// FORECAST_BENCH_METHODS=a,b limits the methods (naive2 always runs: OWA needs it), and
// FORECAST_BENCH_EVERY=k keeps every k-th series, for quick looks while developing.
import { performance } from 'node:perf_hooks';
import { ForecastOptions, ModelName, forecast } from '@vantage/forecasting';
import { Benchmark, BenchmarkContext, BenchmarkResult } from '../support/benchmark';
import { round3 } from '../support/stats';
import { coverage, mase, owa, smape } from './m4-accuracy';
import { M4Series, loadM4Hourly } from './m4-data';

const HORIZON = 48;
const SEASON = 24;
const LEVELS = [80, 95] as const;
/** Published on all 414 hourly series (M4 paper); ours run on the 207 in the shared data. */
const PUBLISHED_OWA = { bestEntry: 0.41, winner: 0.44, seasonalNaive: 0.627 } as const;

interface Method {
  readonly key: string;
  readonly model: 'auto' | ModelName;
  /** The M4 benchmarks are defined on the raw series: no outlier cleaning for them. */
  readonly options?: Partial<ForecastOptions>;
}

const METHODS: readonly Method[] = [
  { key: 'naive2', model: 'naive2', options: { cleanOutliers: false } },
  { key: 'snaive', model: 'seasonal-naive', options: { cleanOutliers: false } },
  { key: 'naive', model: 'naive', options: { cleanOutliers: false } },
  { key: 'ses', model: 'ses' },
  { key: 'holt', model: 'holt' },
  { key: 'damped', model: 'damped' },
  { key: 'hw_add', model: 'hw-additive' },
  { key: 'hw_mult', model: 'hw-multiplicative' },
  { key: 'hw_add_damped', model: 'hw-additive-damped' },
  { key: 'hw_mult_damped', model: 'hw-multiplicative-damped' },
  { key: 'ets', model: 'ets' },
  { key: 'theta', model: 'theta' },
  { key: 'arima', model: 'arima' },
  { key: 'mstl_ets', model: 'mstl-ets' },
  { key: 'mstl_arima', model: 'mstl-arima' },
  { key: 'mstl_sarima', model: 'mstl-sarima' },
  { key: 'dshw', model: 'dshw' },
  { key: 'auto', model: 'auto' },
];

interface Totals {
  smape: number;
  mase: number;
  coverage80: number;
  coverage95: number;
  ms: number;
  series: number;
}

interface Summary {
  readonly smape: number;
  readonly mase: number;
  readonly owa: number;
  readonly coverage80: number;
  readonly coverage95: number;
  readonly msPerSeries: number;
}

function selectedMethods(): Method[] {
  const wanted = process.env['FORECAST_BENCH_METHODS']?.split(',').map((key) => key.trim());
  if (!wanted) return [...METHODS];
  return METHODS.filter((method) => method.key === 'naive2' || wanted.includes(method.key));
}

function selectedSeries(all: M4Series[]): M4Series[] {
  const every = Number(process.env['FORECAST_BENCH_EVERY'] ?? '1');
  return Number.isInteger(every) && every > 1 ? all.filter((_, i) => i % every === 0) : all;
}

function evaluate(method: Method, series: M4Series, totals: Totals): string {
  const started = performance.now();
  const result = forecast(series.train, {
    horizon: HORIZON,
    season: SEASON,
    levels: LEVELS,
    model: method.model,
    ...method.options,
  });
  totals.ms += performance.now() - started;
  totals.smape += smape(series.test, result.point);
  totals.mase += mase(series.train, series.test, result.point, SEASON);
  totals.coverage80 += coverage(series.test, result.intervals[80].lo, result.intervals[80].hi);
  totals.coverage95 += coverage(series.test, result.intervals[95].lo, result.intervals[95].hi);
  totals.series++;
  return result.model;
}

/** `Combination(arima 52%, dshw 30%, ...)` -> `arima`; any other model -> its family. */
function leadingMember(model: string): string {
  const combined = /^Combination\(([^,)]+?) \d+%/.exec(model);
  return combined?.[1] ?? model.split('(')[0];
}

function summarise(totals: Totals, naive2: Totals): Summary {
  const per = (value: number): number => value / totals.series;
  const own = { smape: per(totals.smape), mase: per(totals.mase) };
  const reference = { smape: naive2.smape / naive2.series, mase: naive2.mase / naive2.series };
  return {
    ...own,
    owa: owa(own, reference),
    coverage80: per(totals.coverage80),
    coverage95: per(totals.coverage95),
    msPerSeries: per(totals.ms),
  };
}

function table(summaries: Map<string, Summary>): string[] {
  const header = 'method          sMAPE    MASE    OWA    cov80  cov95  ms/series';
  const rows = [...summaries].map(([key, s]) =>
    [
      key.padEnd(14),
      s.smape.toFixed(3).padStart(7),
      s.mase.toFixed(3).padStart(7),
      s.owa.toFixed(3).padStart(6),
      (100 * s.coverage80).toFixed(1).padStart(6),
      (100 * s.coverage95).toFixed(1).padStart(6),
      s.msPerSeries.toFixed(1).padStart(10),
    ].join(' '),
  );
  return [header, ...rows];
}

export const run: Benchmark = async (context: BenchmarkContext): Promise<BenchmarkResult> => {
  const series = selectedSeries(loadM4Hourly());
  const methods = selectedMethods();
  const totals = new Map<string, Totals>(
    methods.map((method) => [
      method.key,
      { smape: 0, mase: 0, coverage80: 0, coverage95: 0, ms: 0, series: 0 },
    ]),
  );
  const chosen = new Map<string, number>();
  for (const method of methods) {
    context.progress(`forecast: ${method.key} on ${series.length} series`);
    const methodTotals = totals.get(method.key);
    if (methodTotals === undefined) continue;
    for (const one of series) {
      const model = evaluate(method, one, methodTotals);
      if (method.key === 'auto') {
        const leader = leadingMember(model);
        chosen.set(leader, (chosen.get(leader) ?? 0) + 1);
      }
    }
  }

  const naive2Totals = totals.get('naive2');
  if (naive2Totals === undefined) throw new Error('naive2 must run: OWA is relative to it');
  const summaries = new Map<string, Summary>();
  for (const [key, methodTotals] of totals)
    summaries.set(key, summarise(methodTotals, naive2Totals));

  const metrics: Record<string, number> = {};
  const baselines: Record<string, number> = {};
  const ratios: Record<string, number> = {};
  for (const [key, s] of summaries) {
    const target = key === 'naive2' || key === 'snaive' ? baselines : metrics;
    target[`${key}_smape`] = round3(s.smape);
    target[`${key}_mase`] = round3(s.mase);
    target[`${key}_owa`] = round3(s.owa);
    target[`${key}_coverage80_pct`] = round3(100 * s.coverage80);
    target[`${key}_coverage95_pct`] = round3(100 * s.coverage95);
    target[`${key}_ms_per_series`] = round3(s.msPerSeries);
    if (key !== 'naive2') {
      ratios[`${key}_smape_over_naive2`] = round3(
        s.smape / (summaries.get('naive2')?.smape ?? NaN),
      );
      ratios[`${key}_mase_over_naive2`] = round3(s.mase / (summaries.get('naive2')?.mase ?? NaN));
    }
  }
  const best = [...summaries]
    .filter(([key]) => key !== 'naive2')
    .sort(([, a], [, b]) => a.owa - b.owa)[0];
  if (best !== undefined) {
    metrics['best_owa'] = round3(best[1].owa);
    ratios['best_owa_over_m4_winner'] = round3(best[1].owa / PUBLISHED_OWA.winner);
  }
  const notes = [
    `M4 hourly: ${series.length} series, horizon ${HORIZON}, season ${SEASON}; OWA = 0.5 (sMAPE/sMAPE_Naive2 + MASE/MASE_Naive2)`,
    ...table(summaries),
    `best: ${best?.[0] ?? 'n/a'}; published on all 414 series: best entry OWA ${PUBLISHED_OWA.bestEntry}, winner ${PUBLISHED_OWA.winner}, seasonal naive ${PUBLISHED_OWA.seasonalNaive}`,
  ];
  if (chosen.size > 0) {
    notes.push(
      `auto, heaviest member per series: ${[...chosen].map(([family, count]) => `${family} ${count}`).join(', ')}`,
    );
  }
  return { metrics, baselines, ratios, notes };
};
