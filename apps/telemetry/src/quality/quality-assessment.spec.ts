import {
  assessQuality,
  medianGap,
  type QualityBucketInput,
  type QualityInput,
} from './quality-assessment';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const T0 = Date.UTC(2026, 10, 23, 10, 0, 0);
const HOUR_LATER = T0 + 60 * MINUTE;

/** Minute buckets holding these sample timestamps. */
function bucketsOf(
  timestamps: number[],
  extra: Partial<QualityBucketInput> = {},
): QualityBucketInput[] {
  const byMinute = new Map<number, number[]>();
  for (const ts of timestamps) {
    const start = ts - (ts % MINUTE);
    byMinute.set(start, [...(byMinute.get(start) ?? []), ts]);
  }
  return [...byMinute.values()].map((ts) => ({
    count: ts.length,
    lastTs: Math.max(...ts),
    ts,
    nonFinite: 0,
    negative: 0,
    ...extra,
  }));
}

function input(buckets: QualityBucketInput[], overrides: Partial<QualityInput> = {}): QualityInput {
  return {
    fromMs: T0,
    toMs: HOUR_LATER,
    nowMs: HOUR_LATER,
    firstTimestamp: T0 - MINUTE,
    lastTimestamp: null,
    declaredIntervalMs: null,
    buckets,
    ...overrides,
  };
}

/** One sample every `every` ms over the hour, minus the skipped indexes. */
function everyMs(every: number, skip: (index: number) => boolean = () => false): number[] {
  const out: number[] = [];
  for (let index = 0; T0 + index * every < HOUR_LATER; index += 1) {
    if (!skip(index)) out.push(T0 + index * every);
  }
  return out;
}

describe('assessQuality', () => {
  it('passes a complete, timely, valid series with the interval inferred', () => {
    const quality = assessQuality(input(bucketsOf(everyMs(10 * SECOND))));

    expect(quality).toMatchObject({
      intervalMs: 10_000,
      intervalSource: 'inferred',
      completeness: { ratio: 1, missing: 0, gaps: [] },
      duplicates: { count: 0 },
      score: 100,
      flagged: false,
      reasons: [],
    });
  });

  it('counts missing intervals gap by gap and flags an incomplete series', () => {
    // 15 minutes of a minutely series missing in the middle.
    const quality = assessQuality(input(bucketsOf(everyMs(MINUTE, (i) => i >= 20 && i < 35))));

    expect(quality.completeness).toMatchObject({ expected: 60, missing: 15, ratio: 0.75 });
    expect(quality.completeness.gaps).toEqual([
      { fromMs: T0 + 19 * MINUTE, toMs: T0 + 35 * MINUTE, missing: 15 },
    ]);
    expect(quality.reasons).toEqual(['incomplete']);
    expect(quality.flagged).toBe(true);
  });

  it('counts nothing missing before the series first sent', () => {
    const timestamps = everyMs(MINUTE, (i) => i < 30);

    const quality = assessQuality(
      input(bucketsOf(timestamps), { firstTimestamp: T0 + 30 * MINUTE }),
    );

    expect(quality.completeness.ratio).toBe(1);
  });

  it('uses the declared interval over the samples', () => {
    const quality = assessQuality(
      input(bucketsOf(everyMs(MINUTE)), { declaredIntervalMs: 10 * SECOND }),
    );

    expect(quality).toMatchObject({ intervalMs: 10_000, intervalSource: 'declared' });
    expect(quality.completeness.ratio).toBeLessThan(0.2);
  });

  it('flags a stale series by the lag of its last sample', () => {
    const quality = assessQuality(input(bucketsOf(everyMs(MINUTE, (i) => i >= 50))));

    expect(quality.timeliness).toMatchObject({
      lastTimestamp: T0 + 49 * MINUTE,
      lagMs: 11 * MINUTE,
      staleAfterMs: 3 * MINUTE,
    });
    expect(quality.reasons).toContain('stale');
  });

  it('flags invalid values and duplicates by their share of the samples', () => {
    const timestamps = everyMs(MINUTE);
    const buckets = bucketsOf([...timestamps, T0, T0 + MINUTE]);
    buckets[0] = { ...(buckets[0] as QualityBucketInput), nonFinite: 2, negative: 1 };

    const quality = assessQuality(input(buckets));

    expect(quality.duplicates.count).toBe(2);
    expect(quality.validity).toMatchObject({ valid: 62, nonFinite: 2, negative: 1 });
    expect(quality.reasons).toEqual(['invalid_values', 'duplicates']);
    expect(quality.score).toBeLessThan(100);
    expect(quality.completeness.ratio).toBe(1);
  });

  it('reports no data, stale, and a score of at most 20 for a silent series', () => {
    const quality = assessQuality(
      input([], { lastTimestamp: T0 - 5 * MINUTE, declaredIntervalMs: MINUTE }),
    );

    expect(quality.reasons).toEqual(['no_data', 'stale']);
    expect(quality.completeness).toMatchObject({ expected: 60, missing: 60, ratio: 0 });
    expect(quality.score).toBeLessThanOrEqual(45);
  });
});

describe('medianGap', () => {
  it('is the median of the gaps between consecutive timestamps', () => {
    expect(medianGap([0, 10, 20, 50])).toBe(10);
    expect(medianGap([0, 10, 30])).toBe(15);
    expect(medianGap([5])).toBeNull();
  });
});
