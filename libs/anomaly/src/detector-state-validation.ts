// Snapshots come back from storage: check their shape before trusting them, so a corrupt or
// foreign document fails loudly at restore instead of producing NaN scores later.
import {
  DETECTOR_STATE_VERSION,
  DetectorState,
  SHIFT_SPANS,
  VARIANCE_SPANS,
} from './detector-state';

export class InvalidDetectorStateError extends Error {
  constructor(path: string, expectation: string) {
    super(`invalid detector snapshot: ${path} must be ${expectation}`);
    this.name = 'InvalidDetectorStateError';
  }
}

type Json = Record<string, unknown>;

function object(value: unknown, path: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidDetectorStateError(path, 'an object');
  }
  return value as Json;
}

function finite(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidDetectorStateError(path, 'a finite number');
  }
  return value;
}

function finiteOrNull(value: unknown, path: string): void {
  if (value !== null) finite(value, path);
}

function numbers(value: unknown, path: string, length?: number): number[] {
  if (!Array.isArray(value)) throw new InvalidDetectorStateError(path, 'an array');
  if (length !== undefined && value.length !== length) {
    throw new InvalidDetectorStateError(path, `an array of ${length} numbers`);
  }
  value.forEach((item, i) => finite(item, `${path}[${i}]`));
  return value as number[];
}

function index(value: unknown, path: string, size: number): void {
  const n = finite(value, path);
  if (!Number.isInteger(n) || n < 0 || n >= size) {
    throw new InvalidDetectorStateError(path, `an index below ${size}`);
  }
}

function checkScale(value: unknown, path: string): void {
  const scale = object(value, path);
  finite(scale['mae'], `${path}.mae`);
  finite(scale['count'], `${path}.count`);
}

function checkModel(value: unknown, path: string): void {
  const model = object(value, path);
  finite(model['alpha'], `${path}.alpha`);
  finiteOrNull(model['level'], `${path}.level`);
  checkScale(model['scale'], `${path}.scale`);
  if (model['kind'] === 'level') return;
  if (model['kind'] !== 'seasonal') {
    throw new InvalidDetectorStateError(`${path}.kind`, '"level" or "seasonal"');
  }
  finite(model['periodMs'], `${path}.periodMs`);
  finite(model['gamma'], `${path}.gamma`);
  const bins = finite(model['bins'], `${path}.bins`);
  if (typeof model['aligned'] !== 'boolean' || typeof model['disabled'] !== 'boolean') {
    throw new InvalidDetectorStateError(`${path}.aligned/disabled`, 'booleans');
  }
  numbers(model['offsets'], `${path}.offsets`, bins);
  numbers(model['seen'], `${path}.seen`, bins);
  finiteOrNull(model['startedAt'], `${path}.startedAt`);
  finite(model['updates'], `${path}.updates`);
}

function checkCalibration(value: unknown, path: string): void {
  const calibration = object(value, path);
  numbers(calibration['weights'], `${path}.weights`);
  finite(calibration['total'], `${path}.total`);
}

function checkSpanTracker(value: unknown, path: string, spans: number): void {
  const tracker = object(value, path);
  checkCalibration(tracker['calibration'], `${path}.calibration`);
  numbers(tracker['averages'], `${path}.averages`, spans);
  finite(tracker['count'], `${path}.count`);
  const gauges = tracker['gauges'];
  if (!Array.isArray(gauges) || gauges.length !== spans) {
    throw new InvalidDetectorStateError(`${path}.gauges`, `an array of ${spans} gauges`);
  }
  gauges.forEach((gauge, i) => {
    const g = object(gauge, `${path}.gauges[${i}]`);
    finite(g['mean'], `${path}.gauges[${i}].mean`);
    finite(g['variance'], `${path}.gauges[${i}].variance`);
    finite(g['count'], `${path}.gauges[${i}].count`);
  });
}

export function parseDetectorState(value: unknown): DetectorState {
  const state = object(value, 'snapshot');
  if (state['version'] !== DETECTOR_STATE_VERSION) {
    throw new InvalidDetectorStateError('version', String(DETECTOR_STATE_VERSION));
  }
  const options = object(state['options'], 'options');
  numbers(options['seasonalPeriodsMs'], 'options.seasonalPeriodsMs');
  finite(options['warmupPoints'], 'options.warmupPoints');
  finite(state['count'], 'count');
  finiteOrNull(state['lastTimestamp'], 'lastTimestamp');
  finiteOrNull(state['lastValue'], 'lastValue');
  finiteOrNull(state['resolution'], 'resolution');
  const interval = object(state['interval'], 'interval');
  numbers(interval['recent'], 'interval.recent');
  finite(interval['next'], 'interval.next');
  const range = object(state['range'], 'range');
  finiteOrNull(range['min'], 'range.min');
  finiteOrNull(range['max'], 'range.max');
  finite(range['sinceMin'], 'range.sinceMin');
  finite(range['sinceMax'], 'range.sinceMax');
  finite(range['inBlock'], 'range.inBlock');
  const blocks = numbers(range['blockMins'], 'range.blockMins').length;
  numbers(range['blockMaxs'], 'range.blockMaxs', blocks);
  const models = state['models'];
  if (!Array.isArray(models) || models.length === 0) {
    throw new InvalidDetectorStateError('models', 'a non-empty array');
  }
  models.forEach((model, i) => checkModel(model, `models[${i}]`));
  index(state['fastModel'], 'fastModel', models.length);
  const baselines = state['baselines'];
  if (!Array.isArray(baselines) || baselines.length === 0) {
    throw new InvalidDetectorStateError('baselines', 'a non-empty array');
  }
  baselines.forEach((baseline, i) => {
    const entry = object(baseline, `baselines[${i}]`);
    index(entry['model'], `baselines[${i}].model`, models.length);
    checkSpanTracker(entry['deviations'], `baselines[${i}].deviations`, SHIFT_SPANS.length);
  });
  index(state['baseline'], 'baseline', baselines.length);
  checkSpanTracker(state['variance'], 'variance', VARIANCE_SPANS.length);
  const onset = object(state['onset'], 'onset');
  finite(onset['peak'], 'onset.peak');
  finite(onset['reported'], 'onset.reported');
  return state as unknown as DetectorState;
}
