// Series with known structure for the specs: simulated from the models themselves with a seeded
// generator, so every run sees the same numbers.
import { seededRandom } from '../numeric/seeded-random';

export interface SimulatedEts {
  readonly n: number;
  readonly seed: number;
  readonly sigma: number;
  readonly level: number;
  readonly alpha: number;
  readonly trend?: { readonly slope: number; readonly beta: number; readonly phi?: number };
  readonly season?: {
    readonly period: number;
    readonly gamma: number;
    readonly pattern: readonly number[];
    readonly multiplicative?: boolean;
  };
  /** Multiplicative errors: sigma is relative. */
  readonly multiplicativeError?: boolean;
}

/** Simulates the ETS recursions (additive or multiplicative error and season, (damped) trend). */
export function simulateEts(spec: SimulatedEts): number[] {
  const random = seededRandom(spec.seed);
  let level = spec.level;
  let slope = spec.trend?.slope ?? 0;
  const phi = spec.trend?.phi ?? 1;
  const seasonal = spec.season ? [...spec.season.pattern] : [];
  const values: number[] = [];
  for (let t = 0; t < spec.n; t++) {
    const slot = spec.season ? t % spec.season.period : 0;
    const s = spec.season ? seasonal[slot] : 0;
    const base = level + phi * slope;
    const expected = spec.season?.multiplicative ? base * s : base + s;
    const shock = spec.sigma * random.normal();
    const y = spec.multiplicativeError ? expected * (1 + shock) : expected + shock;
    const r = y - expected;
    const scaled = spec.season?.multiplicative ? r / s : r;
    level = base + spec.alpha * scaled;
    if (spec.trend) slope = phi * slope + spec.trend.beta * scaled;
    if (spec.season) {
      seasonal[slot] = spec.season.multiplicative
        ? s + (spec.season.gamma * r) / base
        : s + spec.season.gamma * r;
    }
    values.push(y);
  }
  return values;
}

/** x_t = phi x_{t-1} + e_t with standard normal e, started at 0 and burnt in. */
export function simulateAr1(n: number, phi: number, seed: number, mean = 0): number[] {
  const random = seededRandom(seed);
  let x = 0;
  const values: number[] = [];
  for (let t = -100; t < n; t++) {
    x = phi * x + random.normal();
    if (t >= 0) values.push(mean + x);
  }
  return values;
}

/** A day-shaped hourly profile (night low, day high) with a weekly shape on top, plus noise. */
export function hourlyWithWeek(options: {
  readonly days: number;
  readonly seed: number;
  readonly noise: number;
  readonly weekly: boolean;
}): number[] {
  const random = seededRandom(options.seed);
  return Array.from({ length: options.days * 24 }, (_, t) => {
    const hour = t % 24;
    const day = Math.floor(t / 24) % 7;
    const daily =
      50 +
      30 * Math.sin((2 * Math.PI * (hour - 6)) / 24) +
      10 * Math.cos((4 * Math.PI * hour) / 24);
    const weekend = options.weekly && day >= 5 ? 0.6 : 1;
    return 100 + daily * weekend + options.noise * random.normal();
  });
}

/** A purely periodic series: the pattern repeated, no noise. */
export function repeatPattern(pattern: readonly number[], length: number): number[] {
  return Array.from({ length }, (_, t) => pattern[t % pattern.length]);
}
