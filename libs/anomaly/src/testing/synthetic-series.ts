// Deterministic synthetic series for the detector's specs: seeded noise, daily cycles, and the
// anomalies the detector must catch (spikes, dips, level shifts, variance changes).
import { ObservedPoint } from '../anomaly-result';

export const FIVE_MINUTES_MS = 5 * 60_000;
/** A Monday, so daily and weekly phases are easy to reason about. */
export const START_MS = Date.UTC(2024, 0, 1);

/** Mulberry32: small, seedable, good enough for test noise. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws (Box-Muller) from a seeded uniform source. */
export function seededGaussian(seed: number): () => number {
  const uniform = seededRandom(seed);
  return () => {
    const u = Math.max(uniform(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
  };
}

export interface SeriesShape {
  readonly length: number;
  readonly seed?: number;
  readonly level?: number;
  readonly noise?: number;
  /** Amplitude of a daily sine (0: none). */
  readonly dailyAmplitude?: number;
  readonly intervalMs?: number;
}

/** Level + optional daily sine + Gaussian noise, every `intervalMs` from START_MS. */
export function makeSeries(shape: SeriesShape): ObservedPoint[] {
  const gaussian = seededGaussian(shape.seed ?? 1);
  const interval = shape.intervalMs ?? FIVE_MINUTES_MS;
  return Array.from({ length: shape.length }, (_, i) => {
    const timestamp = START_MS + i * interval;
    const dayPhase = (timestamp % 86_400_000) / 86_400_000;
    const seasonal = (shape.dailyAmplitude ?? 0) * Math.sin(2 * Math.PI * dayPhase);
    return {
      timestamp,
      value: (shape.level ?? 100) + seasonal + (shape.noise ?? 1) * gaussian(),
    };
  });
}

/** A copy with `change` applied to the values from index `from` (to `to`, exclusive). */
export function alter(
  points: readonly ObservedPoint[],
  from: number,
  change: (value: number, index: number) => number,
  to = points.length,
): ObservedPoint[] {
  return points.map((point, i) =>
    i >= from && i < to ? { ...point, value: change(point.value, i) } : point,
  );
}
