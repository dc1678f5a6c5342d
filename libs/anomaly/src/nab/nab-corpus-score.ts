// A detector's NAB result on a corpus, as NAB's runner computes it: one threshold per profile,
// chosen over the whole corpus, then each series scored at it, then the total normalised so
// that the null detector scores 0 and the perfect one 100.
import { NabProfile } from './nab-profiles';
import {
  NabSeries,
  optimalThreshold,
  scoreAtThreshold,
  sweepCorpus,
  sweepSeries,
  ThresholdScore,
} from './nab-sweep';

export interface NabSeriesResult {
  readonly name: string;
  readonly result: ThresholdScore;
}

export interface NabCorpusResult {
  readonly profile: NabProfile;
  /** The threshold NAB's optimiser picks for this detector and profile. */
  readonly threshold: number;
  /** Sum of the series' raw scores at that threshold. */
  readonly rawScore: number;
  readonly series: readonly NabSeriesResult[];
}

export function scoreCorpus(series: readonly NabSeries[], profile: NabProfile): NabCorpusResult {
  const { threshold } = optimalThreshold(sweepCorpus(series, profile), profile);
  const perSeries = series.map((one) => ({
    name: one.name,
    result: scoreAtThreshold(sweepSeries(one, profile), profile, threshold),
  }));
  return {
    profile,
    threshold,
    rawScore: perSeries.reduce((sum, one) => sum + one.result.score, 0),
    series: perSeries,
  };
}

/** NAB's null detector: a constant 0.5 for every row. */
export function nullDetectorScores(series: readonly NabSeries[]): NabSeries[] {
  return series.map((one) => ({ ...one, anomalyScores: one.timestamps.map(() => 0.5) }));
}

/**
 * NAB's normalisation: 100 * (raw - null) / (perfect - null), where the perfect raw score is
 * the number of labelled windows times A_TP (a detection on each window's first row).
 * NaN when there is nothing to normalise against (no windows).
 */
export function normalizeNabScore(
  rawScore: number,
  nullRawScore: number,
  windowCount: number,
  profile: NabProfile,
): number {
  const perfect = windowCount * profile.tpWeight;
  if (perfect === nullRawScore) return NaN;
  return (100 * (rawScore - nullRawScore)) / (perfect - nullRawScore);
}
