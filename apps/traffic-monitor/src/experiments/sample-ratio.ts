import { chiSquareSurvival } from './chi-square';

/** Below this p-value the observed split is called a sample-ratio mismatch. */
export const SRM_P_VALUE_THRESHOLD = 0.001;

/**
 * The chi-square approximation is poor when a variant expects fewer than this many
 * impressions; the test is still reported, but not trusted to raise the SRM flag.
 */
export const SRM_MIN_EXPECTED_COUNT = 5;

export interface VariantAllocation {
  readonly variant: string;
  /** Configured weight (> 0); weights are relative, they need not sum to 1 or 100. */
  readonly weight: number;
  readonly observed: number;
}

export interface SampleRatioTest {
  readonly chiSquare: number;
  readonly degreesOfFreedom: number;
  readonly pValue: number;
  /** Every variant expects at least SRM_MIN_EXPECTED_COUNT impressions. */
  readonly reliable: boolean;
  /** reliable and pValue < SRM_P_VALUE_THRESHOLD. */
  readonly mismatch: boolean;
  /** Impressions each variant should have had under its weight, in input order. */
  readonly expected: readonly number[];
}

/**
 * Chi-square goodness of fit of the observed impressions against the configured weights:
 * Σ (observed − expected)² / expected with k − 1 degrees of freedom. Answers undefined with
 * fewer than two variants or no impressions at all: there is no split to judge.
 */
export function testSampleRatio(
  allocations: readonly VariantAllocation[],
): SampleRatioTest | undefined {
  if (allocations.length < 2) return undefined;
  const totalWeight = allocations.reduce((sum, a) => sum + a.weight, 0);
  const totalObserved = allocations.reduce((sum, a) => sum + a.observed, 0);
  if (totalObserved <= 0 || !(totalWeight > 0)) return undefined;

  const expected = allocations.map((a) => (totalObserved * a.weight) / totalWeight);
  let chiSquare = 0;
  allocations.forEach((allocation, index) => {
    const wanted = expected[index] as number;
    chiSquare += (allocation.observed - wanted) ** 2 / wanted;
  });
  const degreesOfFreedom = allocations.length - 1;
  const pValue = chiSquareSurvival(chiSquare, degreesOfFreedom);
  const reliable = expected.every((count) => count >= SRM_MIN_EXPECTED_COUNT);
  return {
    chiSquare,
    degreesOfFreedom,
    pValue,
    reliable,
    mismatch: reliable && pValue < SRM_P_VALUE_THRESHOLD,
    expected,
  };
}
