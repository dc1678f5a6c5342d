// NAB score of the streaming anomaly detector (libs/anomaly), computed as NAB v1.1 does: one
// threshold per profile optimised over the whole corpus, files scored at it, the total
// normalised between the null detector (0) and the perfect one (100). NAB's windowed-Gaussian
// detector runs in the same script as the baseline.
import {
  AnomalyDetector,
  NAB_PROFILES,
  NabCorpusResult,
  NabProfile,
  NabSeries,
  normalizeNabScore,
  nullDetectorScores,
  scoreCorpus,
} from '@vantage/anomaly';
import { Benchmark, BenchmarkContext, BenchmarkResult } from '../support/benchmark';
import { ratio, round3 } from '../support/stats';
import { loadNabCorpus, nabDirectory, NabFile } from './nab-corpus';
import { windowedGaussianScores } from './windowed-gaussian-detector';

/** Published standard-profile scores on the whole corpus (58 files), for orientation. */
const PUBLISHED =
  'ARTime 74.9, Numenta HTM 70.5, CAD OSE 69.9, Skyline 58.2, KNN CAD 58.0, Windowed Gaussian 39.6, random 11.0, null 0';

const PROFILE_KEYS: Record<NabProfile['name'], string> = {
  standard: 'standard',
  reward_low_FP_rate: 'reward_low_fp',
  reward_low_FN_rate: 'reward_low_fn',
};

interface DetectorRun {
  readonly series: NabSeries[];
  readonly elapsedMs: number;
  readonly largestSnapshotBytes: number;
}

function toSeries(file: NabFile, anomalyScores: number[]): NabSeries {
  return {
    name: file.name,
    timestamps: file.timestamps,
    anomalyScores,
    windows: file.windows,
  };
}

function runDetector(corpus: readonly NabFile[]): DetectorRun {
  let elapsedMs = 0;
  let largestSnapshotBytes = 0;
  const series = corpus.map((file) => {
    const detector = new AnomalyDetector();
    const started = process.hrtime.bigint();
    const scores = file.values.map(
      (value, i) => detector.observe({ timestamp: file.timestamps[i] as number, value }).score,
    );
    elapsedMs += Number(process.hrtime.bigint() - started) / 1e6;
    const bytes = Buffer.byteLength(JSON.stringify(detector.snapshot()));
    largestSnapshotBytes = Math.max(largestSnapshotBytes, bytes);
    return toSeries(file, scores);
  });
  return { series, elapsedMs, largestSnapshotBytes };
}

function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

interface Scored {
  /** Normalised score of the corpus and of each folder (raw score when a folder has no window). */
  readonly total: number;
  readonly folders: Map<string, { score: number; normalised: boolean }>;
  readonly result: NabCorpusResult;
}

function score(
  series: readonly NabSeries[],
  nullResult: NabCorpusResult,
  corpus: readonly NabFile[],
  profile: NabProfile,
): Scored {
  const result = scoreCorpus(series, profile);
  const windows = (files: readonly NabFile[]): number =>
    files.reduce((sum, file) => sum + file.windows.length, 0);
  const folders = new Map<string, { score: number; normalised: boolean }>();
  for (const folder of [...new Set(corpus.map((file) => file.folder))]) {
    const inFolder = (name: string): boolean => name.startsWith(`${folder}/`);
    const raw = (of: NabCorpusResult): number =>
      of.series.filter((one) => inFolder(one.name)).reduce((sum, one) => sum + one.result.score, 0);
    const folderWindows = windows(corpus.filter((file) => file.folder === folder));
    folders.set(
      folder,
      folderWindows === 0
        ? { score: raw(result), normalised: false }
        : {
            score: normalizeNabScore(raw(result), raw(nullResult), folderWindows, profile),
            normalised: true,
          },
    );
  }
  return {
    total: normalizeNabScore(result.rawScore, nullResult.rawScore, windows(corpus), profile),
    folders,
    result,
  };
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function detectionSummary(result: NabCorpusResult): {
  detected: number;
  windows: number;
  fp: number;
} {
  return result.series.reduce(
    (sum, one) => ({
      detected: sum.detected + one.result.detectedWindows,
      windows: sum.windows + one.result.windows,
      fp: sum.fp + one.result.fp,
    }),
    { detected: 0, windows: 0, fp: 0 },
  );
}

function table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]?.map((_, column) =>
    Math.max(...rows.map((row) => row[column]?.length ?? 0)),
  );
  return rows.map((row) =>
    row
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths?.[column] ?? 0) : cell.padStart(widths?.[column] ?? 0),
      )
      .join('  '),
  );
}

export const run: Benchmark = async (context: BenchmarkContext): Promise<BenchmarkResult> => {
  const directory = nabDirectory();
  const corpus = loadNabCorpus(directory);
  const points = corpus.reduce((sum, file) => sum + file.values.length, 0);
  const windowCount = corpus.reduce((sum, file) => sum + file.windows.length, 0);
  context.progress(`anomaly: ${corpus.length} NAB files, ${points} points, ${windowCount} windows`);

  context.progress('anomaly: running the ensemble detector');
  const ours = runDetector(corpus);
  context.progress('anomaly: running the windowed-Gaussian baseline');
  const gaussian = corpus.map((file) => toSeries(file, windowedGaussianScores(file.values)));
  const nullSeries = nullDetectorScores(ours.series);

  const metrics: Record<string, number> = {};
  const baselines: Record<string, number> = {};
  const ratios: Record<string, number> = {};
  const folders = [...new Set(corpus.map((file) => file.folder))];
  const header = [
    'folder',
    ...NAB_PROFILES.flatMap((p) => [
      `ours ${PROFILE_KEYS[p.name]}`,
      `w-gauss ${PROFILE_KEYS[p.name]}`,
    ]),
  ];
  const cells = new Map<string, string[]>(
    folders.concat('all').map((folder) => [folder, [folder]]),
  );
  const summaryNotes: string[] = [];

  for (const profile of NAB_PROFILES) {
    context.progress(`anomaly: scoring profile ${profile.name}`);
    const key = PROFILE_KEYS[profile.name];
    const nullResult = scoreCorpus(nullSeries, profile);
    const oursScored = score(ours.series, nullResult, corpus, profile);
    const gaussianScored = score(gaussian, nullResult, corpus, profile);

    metrics[`nab_${key}_score`] = round2(oursScored.total);
    metrics[`nab_${key}_threshold`] = round3(oursScored.result.threshold);
    baselines[`windowed_gaussian_nab_${key}_score`] = round2(gaussianScored.total);
    baselines[`null_nab_${key}_raw_score`] = round2(nullResult.rawScore);
    ratios[`nab_${key}_score_over_windowed_gaussian`] = ratio(
      oursScored.total,
      gaussianScored.total,
    );
    for (const folder of folders) {
      const mine = oursScored.folders.get(folder);
      const theirs = gaussianScored.folders.get(folder);
      const suffix = mine?.normalised === false ? 'raw_score' : 'score';
      metrics[`nab_${key}_${snakeCase(folder)}_${suffix}`] = round2(mine?.score ?? NaN);
      baselines[`windowed_gaussian_nab_${key}_${snakeCase(folder)}_${suffix}`] = round2(
        theirs?.score ?? NaN,
      );
      const label = (value: { score: number; normalised: boolean } | undefined): string =>
        value === undefined ? 'n/a' : `${value.score.toFixed(1)}${value.normalised ? '' : ' raw'}`;
      cells.get(folder)?.push(label(mine), label(theirs));
    }
    cells.get('all')?.push(oursScored.total.toFixed(1), gaussianScored.total.toFixed(1));

    const found = detectionSummary(oursScored.result);
    metrics[`nab_${key}_windows_detected`] = found.detected;
    metrics[`nab_${key}_false_positive_rows`] = found.fp;
    summaryNotes.push(
      `${profile.name}: threshold ${oursScored.result.threshold.toFixed(4)}, ${found.detected}/${found.windows} windows detected, ${found.fp} false-positive rows; windowed Gaussian threshold ${gaussianScored.result.threshold.toFixed(4)}`,
    );
  }
  metrics['detect_us_per_point'] = round3((ours.elapsedMs * 1000) / points);
  metrics['snapshot_bytes_max'] = ours.largestSnapshotBytes;

  const notes = [
    `NAB corpus from ${directory}: ${corpus.length} files in ${folders.length} folders, ${points} points, ${windowCount} windows; normalised so null = 0 and perfect = 100 (raw = unnormalised, for a folder without windows)`,
    ...table([header, ...[...cells.values()]]),
    ...summaryNotes,
    `published standard scores on all 58 NAB files (7 folders; here 5): ${PUBLISHED}`,
  ];
  return { metrics, baselines, ratios, notes };
};
