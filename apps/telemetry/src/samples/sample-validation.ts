import {
  LABEL_NAME_PATTERN,
  LABEL_VALUE_PATTERN,
  type SampleRejectionReason,
  SERIES_MAX_LABELS,
  SERIES_NAME_PATTERN,
} from '@vantage/contracts';
import { canonicalLabels, kindOfSeriesName, type SeriesIdentity } from '../series/series-identity';

/** Date and time with a zone, seconds and fractions optional: `2026-11-23T10:15Z`, `...:00.123+02:00`. */
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const SAMPLE_FIELDS = new Set(['series', 'timestamp', 'value', 'labels']);
/** What JSON encoders write for NaN and infinities, and what some clients send as text. */
const NON_FINITE_TEXT = new Set(['NaN', 'Infinity', '+Infinity', '-Infinity']);

/** The timestamps samples are accepted in, fixed once per batch. */
export interface AcceptanceWindow {
  readonly oldestMs: number;
  readonly newestMs: number;
  readonly retentionDays: number;
}

export interface ValidSample extends SeriesIdentity {
  readonly ts: number;
  readonly value: number;
}

export interface SampleRejection {
  readonly reason: SampleRejectionReason;
  readonly message: string;
}

/**
 * Accepted, or refused with a reason. A sample refused only for its value (non-finite, or a
 * negative count) still names a valid series and time: `invalid` carries it so the series'
 * validity counts it.
 */
export type SampleVerdict =
  | { readonly ok: true; readonly sample: ValidSample }
  | {
      readonly ok: false;
      readonly rejection: SampleRejection;
      readonly invalid?: SeriesIdentity & {
        readonly ts: number;
        readonly problem: 'nonFinite' | 'negative';
      };
    };

/** Checks one sample of a batch. Never throws: anything a client can send gives a verdict. */
export function validateSample(input: unknown, window: AcceptanceWindow): SampleVerdict {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return reject('not_an_object', 'a sample must be a JSON object');
  }
  const sample = input as Record<string, unknown>;
  const unknown = Object.keys(sample).find((field) => !SAMPLE_FIELDS.has(field));
  if (unknown !== undefined) return reject('unknown_field', `unknown field "${clip(unknown)}"`);

  const name = sample['series'];
  if (typeof name !== 'string' || !SERIES_NAME_PATTERN.test(name)) {
    return reject(
      'invalid_series',
      'series must be a letter or _, then up to 199 letters, digits and _ . : -',
    );
  }
  const labels = parseLabels(sample['labels']);
  if (labels === undefined) {
    return reject(
      'invalid_labels',
      `labels must be an object of at most ${SERIES_MAX_LABELS} names (letter or _, then letters, digits, _) to 1-200 printable ASCII characters`,
    );
  }
  const ts = parseTimestamp(sample['timestamp']);
  if (ts === undefined) {
    return reject(
      'invalid_timestamp',
      'timestamp must be ISO 8601 with a time zone or epoch milliseconds',
    );
  }
  if (ts < window.oldestMs) {
    return reject('too_old', `timestamp is older than the ${window.retentionDays}-day retention`);
  }
  if (ts > window.newestMs)
    return reject('too_far_in_future', 'timestamp is too far in the future');

  const identity = { name, labels };
  const value = sample['value'];
  if (
    value === null ||
    (typeof value === 'string' && NON_FINITE_TEXT.has(value)) ||
    (typeof value === 'number' && !Number.isFinite(value))
  ) {
    return {
      ok: false,
      rejection: { reason: 'non_finite_value', message: 'value must be a finite number' },
      invalid: { ...identity, ts, problem: 'nonFinite' },
    };
  }
  if (typeof value !== 'number') return reject('invalid_value', 'value must be a number');
  if (value < 0 && kindOfSeriesName(name) === 'count') {
    return {
      ok: false,
      rejection: { reason: 'negative_count', message: 'a count series takes no negative value' },
      invalid: { ...identity, ts, problem: 'negative' },
    };
  }
  return { ok: true, sample: { ...identity, ts, value } };
}

function parseLabels(input: unknown): Readonly<Record<string, string>> | undefined {
  if (input === undefined || input === null) return {};
  if (typeof input !== 'object' || Array.isArray(input)) return undefined;
  const entries = Object.entries(input as Record<string, unknown>);
  if (entries.length > SERIES_MAX_LABELS) return undefined;
  for (const [name, value] of entries) {
    if (!LABEL_NAME_PATTERN.test(name)) return undefined;
    if (typeof value !== 'string' || !LABEL_VALUE_PATTERN.test(value)) return undefined;
  }
  return canonicalLabels(input as Record<string, string>);
}

function parseTimestamp(input: unknown): number | undefined {
  if (typeof input === 'number') {
    return Number.isSafeInteger(input) && input >= 0 ? input : undefined;
  }
  if (typeof input !== 'string' || !ISO_8601.test(input)) return undefined;
  const ms = Date.parse(input);
  return Number.isFinite(ms) ? ms : undefined;
}

function reject(reason: SampleRejectionReason, message: string): SampleVerdict {
  return { ok: false, rejection: { reason, message } };
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
