import type { HealthComponentName, HealthGrade, ServiceHealthStatus } from '@vantage/contracts';

/**
 * A service's health score (pure): each component is mapped to 0..100 by a piecewise-linear
 * curve, then averaged with configurable weights over the components that have data (an
 * unknown component is left out and the others reweighted). Grades and statuses follow bands
 * documented in apps/telemetry/README.md.
 */

export type HealthWeights = Readonly<Record<HealthComponentName, number>>;

export const DEFAULT_HEALTH_WEIGHTS: HealthWeights = {
  latency: 0.3,
  errors: 0.3,
  cpu: 0.15,
  memory: 0.15,
  traffic: 0.1,
};

export interface HealthInputs {
  /** p95 latency (ms) over the window. */
  readonly latencyP95Ms: number | null;
  /** Errors / requests over the window (0..1). */
  readonly errorRate: number | null;
  /** CPU time / wall time (1 = one core busy). */
  readonly cpuUtilisation: number | null;
  /** Resident set size, bytes. */
  readonly rssBytes: number | null;
  /** |rate - baseline| / baseline, the baseline being the same hour yesterday. */
  readonly trafficDeviation: number | null;
}

export interface HealthTargets {
  readonly latencyTargetMs: number;
  readonly memoryLimitBytes: number;
}

export interface ScoredComponent {
  readonly name: HealthComponentName;
  readonly score: number | null;
  readonly value: number | null;
  readonly weight: number;
}

export interface HealthScore {
  readonly score: number | null;
  readonly grade: HealthGrade | null;
  readonly status: ServiceHealthStatus;
  readonly components: ScoredComponent[];
}

/** 100 at or below `good`, 0 at or above `bad`, linear between. */
function linear(value: number, good: number, bad: number): number {
  if (value <= good) return 100;
  if (value >= bad) return 0;
  return (100 * (bad - value)) / (bad - good);
}

/** Latency: 100 up to the target, 0 at three times the target. */
export function latencyScore(p95Ms: number, targetMs: number): number {
  return linear(p95Ms / targetMs, 1, 3);
}

/** Errors: 100 up to 0.1 %, 0 from 10 %, linear in log10 between (1 % scores 50). */
export function errorScore(errorRate: number): number {
  if (errorRate <= 0.001) return 100;
  if (errorRate >= 0.1) return 0;
  return linear(Math.log10(errorRate), -3, -1);
}

/** CPU: 100 up to 60 % of a core, 0 at a full core (Node runs JavaScript on one). */
export function cpuScore(utilisation: number): number {
  return linear(utilisation, 0.6, 1);
}

/** Memory: 100 up to 70 % of the limit, 0 at the limit. */
export function memoryScore(rssBytes: number, limitBytes: number): number {
  return linear(rssBytes / limitBytes, 0.7, 1);
}

/** Traffic anomaly: 100 within 25 % of the same hour yesterday, 0 at 100 % off. */
export function trafficScore(deviation: number): number {
  return linear(deviation, 0.25, 1);
}

/** Bands, highest first: the first whose floor the (one-decimal) score reaches. */
export const GRADE_FLOORS: readonly (readonly [HealthGrade, number])[] = [
  ['A+', 97],
  ['A', 93],
  ['A-', 90],
  ['B+', 87],
  ['B', 83],
  ['B-', 80],
  ['C+', 77],
  ['C', 73],
  ['C-', 70],
  ['D', 60],
  ['F', 0],
];

export const HEALTHY_FROM = 80;
export const DEGRADED_FROM = 60;

export function gradeOf(score: number): HealthGrade {
  for (const [grade, floor] of GRADE_FLOORS) if (score >= floor) return grade;
  return 'F';
}

export function statusOf(score: number | null): ServiceHealthStatus {
  if (score === null) return 'unknown';
  if (score >= HEALTHY_FROM) return 'healthy';
  if (score >= DEGRADED_FROM) return 'degraded';
  return 'critical';
}

/** Weights must be finite, non-negative and not all zero (checked when config is read). */
export function validateWeights(weights: HealthWeights): string | null {
  const values = Object.values(weights);
  if (values.some((weight) => !Number.isFinite(weight) || weight < 0))
    return 'every weight must be a non-negative number';
  if (values.reduce((sum, weight) => sum + weight, 0) <= 0)
    return 'weights must sum to more than 0';
  return null;
}

/**
 * Parses `latency=0.3,errors=0.3,cpu=0.15,memory=0.15,traffic=0.1`; components left out keep
 * their default weight. Throws with the reason on anything else.
 */
export function parseHealthWeights(text: string): HealthWeights {
  const weights: Record<HealthComponentName, number> = { ...DEFAULT_HEALTH_WEIGHTS };
  for (const part of text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)) {
    const match = /^(latency|errors|cpu|memory|traffic)=(\d+(?:\.\d+)?)$/.exec(part);
    if (!match) throw new Error(`"${part}" is not <component>=<weight>`);
    weights[match[1] as HealthComponentName] = Number(match[2]);
  }
  const problem = validateWeights(weights);
  if (problem) throw new Error(problem);
  return weights;
}

function oneDecimal(value: number): number {
  return Math.round(value * 10) / 10;
}

export function healthScore(
  inputs: HealthInputs,
  targets: HealthTargets,
  weights: HealthWeights = DEFAULT_HEALTH_WEIGHTS,
): HealthScore {
  const scoreWhenKnown = (value: number | null, curve: (value: number) => number): number | null =>
    value === null || !Number.isFinite(value) ? null : oneDecimal(curve(value));
  const components: ScoredComponent[] = [
    {
      name: 'latency',
      value: inputs.latencyP95Ms,
      score: scoreWhenKnown(inputs.latencyP95Ms, (v) => latencyScore(v, targets.latencyTargetMs)),
      weight: weights.latency,
    },
    {
      name: 'errors',
      value: inputs.errorRate,
      score: scoreWhenKnown(inputs.errorRate, errorScore),
      weight: weights.errors,
    },
    {
      name: 'cpu',
      value: inputs.cpuUtilisation,
      score: scoreWhenKnown(inputs.cpuUtilisation, cpuScore),
      weight: weights.cpu,
    },
    {
      name: 'memory',
      value: inputs.rssBytes,
      score: scoreWhenKnown(inputs.rssBytes, (v) => memoryScore(v, targets.memoryLimitBytes)),
      weight: weights.memory,
    },
    {
      name: 'traffic',
      value: inputs.trafficDeviation,
      score: scoreWhenKnown(inputs.trafficDeviation, trafficScore),
      weight: weights.traffic,
    },
  ];
  let weighted = 0;
  let totalWeight = 0;
  for (const component of components) {
    if (component.score === null || component.weight <= 0) continue;
    weighted += component.score * component.weight;
    totalWeight += component.weight;
  }
  if (totalWeight === 0) return { score: null, grade: null, status: 'unknown', components };
  const score = oneDecimal(weighted / totalWeight);
  return { score, grade: gradeOf(score), status: statusOf(score), components };
}
