import { createHash } from 'node:crypto';
import {
  ANOMALY_KINDS,
  type AnomalyDto,
  type AnomalyExplanationDto,
  type AnomalyKind,
} from '@vantage/contracts';
import type { AnomalyResult } from '@vantage/anomaly';
import type { Anomaly } from './anomaly.schema';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `tan_` + 20 base62 characters of a hash of the point: the same point always has one id. */
export function anomalyIdOf(orgId: string, seriesId: string, timestamp: number): string {
  const digest = createHash('sha256').update(`${orgId}/${seriesId}/${timestamp}`).digest();
  let id = 'tan_';
  for (let i = 0; i < 20; i++) id += BASE62[(digest[i] ?? 0) % 62];
  return id;
}

export function isAnomalyKind(reason: string): reason is AnomalyKind {
  return (ANOMALY_KINDS as readonly string[]).includes(reason);
}

/** The detector's explanation in the API's words. */
export function explanationOf(result: AnomalyResult, kind: AnomalyKind): AnomalyExplanationDto {
  const { observed, expected, expectedLow, expectedHigh, seasonalPeriodMs } = result.explanation;
  const range =
    expectedLow !== null && expectedHigh !== null
      ? `the expected range ${round(expectedLow)} to ${round(expectedHigh)}`
      : 'what was expected';
  const side =
    expectedHigh !== null && observed > expectedHigh
      ? 'above'
      : expectedLow !== null && observed < expectedLow
        ? 'below'
        : 'against';
  return {
    kind,
    summary: `value ${round(observed)} ${side} ${range} (${kind})`,
    observed,
    expected,
    expectedLow,
    expectedHigh,
    seasonalPeriodMs,
  };
}

function round(value: number): string {
  return Number(value.toPrecision(4)).toString();
}

export function toAnomalyDto(anomaly: Anomaly): AnomalyDto {
  return {
    id: anomaly._id,
    seriesId: anomaly.seriesId,
    timestamp: new Date(anomaly.timestamp).toISOString(),
    stepMs: anomaly.stepMs,
    score: anomaly.score,
    explanation: anomaly.explanation,
    status: anomaly.status,
    suppressed: anomaly.suppressed,
    qualityReasons: anomaly.qualityReasons,
    detectedAt: anomaly.detectedAt.toISOString(),
    acknowledgedAt: anomaly.acknowledgedAt?.toISOString() ?? null,
    acknowledgedBy: anomaly.acknowledgedBy,
  };
}
