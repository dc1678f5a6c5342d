import type {
  ExperimentFlag,
  ExperimentHealthDto,
  VariantFlag,
  VariantHealthDto,
} from '@vantage/contracts';
import { testSampleRatio } from './sample-ratio';

/** What judging an experiment needs of its configuration. */
export interface ExperimentRules {
  readonly key: string;
  readonly variants: readonly { readonly name: string; readonly weight: number }[];
  readonly controlVariant: string;
  readonly minCtrPct: number;
  readonly maxErrorRatePct: number;
}

/**
 * Counts per variant value in the window. `clicks`/`errors` are absent when the experiment
 * has no click/error glob, so "not measured" is never confused with "zero".
 */
export interface VariantCounts {
  readonly impressions: ReadonlyMap<string, number>;
  readonly clicks?: ReadonlyMap<string, number>;
  readonly errors?: ReadonlyMap<string, number>;
}

/**
 * The health of an experiment: per configured variant its share of impressions against its
 * weight, CTR and error rate, and how they compare with the control; the experiment is
 * UNHEALTHY when any flag is raised:
 * - NO_IMPRESSIONS: a configured variant got none (the experiment-level flag repeats it);
 * - SAMPLE_RATIO_MISMATCH: the split is off its weights (chi-square, p < 0.001, reliable);
 * - LOW_CTR / HIGH_ERROR_RATE: a variant with impressions is under minCtrPct or over
 *   maxErrorRatePct, where click / error events are configured;
 * - UNCONFIGURED_VARIANTS: impressions carry variant values the configuration does not list
 *   (they are left out of the shares and the test, and listed separately).
 */
export function assessExperiment(
  rules: ExperimentRules,
  counts: VariantCounts,
  window: { readonly from: Date; readonly to: Date },
): ExperimentHealthDto {
  const totalWeight = rules.variants.reduce((sum, variant) => sum + variant.weight, 0);
  const impressionsOf = (name: string) => counts.impressions.get(name) ?? 0;
  const totalImpressions = rules.variants.reduce((sum, v) => sum + impressionsOf(v.name), 0);
  const rateOf = (events: ReadonlyMap<string, number> | undefined, name: string) => {
    const impressions = impressionsOf(name);
    if (!events || impressions === 0) return null;
    return (events.get(name) ?? 0) / impressions;
  };
  const controlCtr = rateOf(counts.clicks, rules.controlVariant);
  const controlErrorRate = rateOf(counts.errors, rules.controlVariant);

  const variants = rules.variants.map((variant): VariantHealthDto => {
    const impressions = impressionsOf(variant.name);
    const ctr = rateOf(counts.clicks, variant.name);
    const errorRate = rateOf(counts.errors, variant.name);
    const flags: VariantFlag[] = [];
    if (impressions === 0) flags.push('NO_IMPRESSIONS');
    if (ctr !== null && ctr * 100 < rules.minCtrPct) flags.push('LOW_CTR');
    if (errorRate !== null && errorRate * 100 > rules.maxErrorRatePct) {
      flags.push('HIGH_ERROR_RATE');
    }
    return {
      variant: variant.name,
      control: variant.name === rules.controlVariant,
      weight: variant.weight,
      expectedShare: round(variant.weight / totalWeight, 6),
      impressions,
      share: totalImpressions === 0 ? 0 : round(impressions / totalImpressions, 6),
      clicks: counts.clicks ? (counts.clicks.get(variant.name) ?? 0) : null,
      ctr: ctr === null ? null : round(ctr, 6),
      errors: counts.errors ? (counts.errors.get(variant.name) ?? 0) : null,
      errorRate: errorRate === null ? null : round(errorRate, 6),
      ctrLiftPct:
        ctr === null || controlCtr === null || controlCtr === 0
          ? null
          : round(((ctr - controlCtr) / controlCtr) * 100, 2),
      errorRateDeltaPts:
        errorRate === null || controlErrorRate === null
          ? null
          : round((errorRate - controlErrorRate) * 100, 4),
      flags,
    };
  });

  const test = testSampleRatio(
    rules.variants.map((variant) => ({
      variant: variant.name,
      weight: variant.weight,
      observed: impressionsOf(variant.name),
    })),
  );
  const configured = new Set(rules.variants.map((variant) => variant.name));
  const unconfiguredVariants = [...counts.impressions]
    .filter(([name, impressions]) => !configured.has(name) && impressions > 0)
    .map(([variant, impressions]) => ({ variant, impressions }))
    .sort((a, b) => b.impressions - a.impressions || (a.variant < b.variant ? -1 : 1));

  const flags: ExperimentFlag[] = [];
  if (test?.mismatch) flags.push('SAMPLE_RATIO_MISMATCH');
  for (const flag of ['NO_IMPRESSIONS', 'LOW_CTR', 'HIGH_ERROR_RATE'] as const) {
    if (variants.some((variant) => variant.flags.includes(flag))) flags.push(flag);
  }
  if (unconfiguredVariants.length > 0) flags.push('UNCONFIGURED_VARIANTS');

  return {
    key: rules.key,
    from: window.from.toISOString(),
    to: window.to.toISOString(),
    status: flags.length === 0 ? 'HEALTHY' : 'UNHEALTHY',
    flags,
    totalImpressions,
    sampleRatio: test
      ? {
          chiSquare: round(test.chiSquare, 4),
          degreesOfFreedom: test.degreesOfFreedom,
          pValue: test.pValue,
          reliable: test.reliable,
          mismatch: test.mismatch,
        }
      : null,
    variants,
    unconfiguredVariants,
  };
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  const rounded = Math.round(value * factor) / factor;
  return rounded === 0 ? 0 : rounded;
}
