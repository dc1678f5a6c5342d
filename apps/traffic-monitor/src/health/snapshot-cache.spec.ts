import { SnapshotCache } from './snapshot-cache';

describe('SnapshotCache', () => {
  let clock = 0;
  const now = () => clock;

  beforeEach(() => {
    clock = 1_000;
  });

  it('reuses a value until it expires', async () => {
    const cache = new SnapshotCache<number>(100, 10, now);
    let computed = 0;
    const compute = () => Promise.resolve((computed += 1));

    await cache.getOrCompute('org', compute);
    clock += 99;
    expect(await cache.getOrCompute('org', compute)).toBe(1);
    clock += 1;
    expect(await cache.getOrCompute('org', compute)).toBe(2);
  });

  it('shares one computation between callers asking at once', async () => {
    const cache = new SnapshotCache<string>(100, 10, now);
    let release!: (value: string) => void;
    const compute = jest.fn(() => new Promise<string>((resolve) => (release = resolve)));

    const first = cache.getOrCompute('org', compute);
    const second = cache.getOrCompute('org', compute);
    release('rows');

    expect(await Promise.all([first, second])).toEqual(['rows', 'rows']);
    expect(compute).toHaveBeenCalledTimes(1);
  });

  it('does not keep a failed computation', async () => {
    const cache = new SnapshotCache<string>(100, 10, now);

    await expect(
      cache.getOrCompute('org', () => Promise.reject(new Error('db down'))),
    ).rejects.toThrow('db down');

    expect(await cache.getOrCompute('org', () => Promise.resolve('ok'))).toBe('ok');
  });

  it('keeps at most maxEntries, dropping the oldest', async () => {
    const cache = new SnapshotCache<string>(1_000, 2, now);
    await cache.getOrCompute('a', () => Promise.resolve('a1'));
    await cache.getOrCompute('b', () => Promise.resolve('b1'));
    await cache.getOrCompute('c', () => Promise.resolve('c1'));

    expect(await cache.getOrCompute('a', () => Promise.resolve('a2'))).toBe('a2');
    expect(await cache.getOrCompute('c', () => Promise.resolve('c2'))).toBe('c1');
  });

  it('computes every time with a TTL of 0', async () => {
    const cache = new SnapshotCache<number>(0, 10, now);
    let computed = 0;

    await cache.getOrCompute('org', () => Promise.resolve((computed += 1)));
    await cache.getOrCompute('org', () => Promise.resolve((computed += 1)));

    expect(computed).toBe(2);
  });
});

describe('SnapshotCache.getRecent', () => {
  let clock: number;
  let recent: SnapshotCache<Answer>;
  const group = 'org|1|sets-1';
  const key = (minute: number, basis = group) => `${basis}|${minute}`;

  interface Answer {
    readonly explanation: string;
  }

  function answer(explanation: string): Answer {
    return { explanation };
  }

  beforeEach(() => {
    clock = 0;
    recent = new SnapshotCache<Answer>(10_000, 10, () => clock);
  });

  it('answers the kept answer at once while one newer answer is computed', async () => {
    await recent.getRecent(key(0), group, 60_000, () => Promise.resolve(answer('first')));
    clock = 30_000;
    let finish: (value: Answer) => void = () => undefined;
    let computations = 0;
    const slow = () => {
      computations += 1;
      return new Promise<Answer>((resolve) => (finish = resolve));
    };

    const during = [
      await recent.getRecent(key(0), group, 60_000, slow),
      await recent.getRecent(key(0), group, 60_000, slow),
    ];
    finish(answer('second'));
    await new Promise((resolve) => setImmediate(resolve));
    clock = 31_000;
    const after = await recent.getRecent(key(0), group, 60_000, () =>
      Promise.resolve(answer('third')),
    );

    expect(during.map((value) => value.explanation)).toEqual(['first', 'first']);
    expect(computations).toBe(1);
    expect(after.explanation).toBe('second');
  });

  it('waits for a new answer once the kept one is a minute old', async () => {
    await recent.getRecent(key(0), group, 60_000, () => Promise.resolve(answer('first')));
    clock = 60_000;
    const value = await recent.getRecent(key(1), group, 60_000, () =>
      Promise.resolve(answer('second')),
    );
    expect(value.explanation).toBe('second');
  });

  it('waits for a new answer after a config or RAD set change', async () => {
    await recent.getRecent(key(0), group, 60_000, () => Promise.resolve(answer('first')));
    const newConfig = await recent.getRecent(key(0, 'org|2|sets-1'), 'org|2|sets-1', 60_000, () =>
      Promise.resolve(answer('config')),
    );
    const newSets = await recent.getRecent(key(0, 'org|2|sets-2'), 'org|2|sets-2', 60_000, () =>
      Promise.resolve(answer('sets')),
    );
    expect([newConfig, newSets].map((value) => value.explanation)).toEqual(['config', 'sets']);
  });

  it('computes every answer when turned off', async () => {
    const off = new SnapshotCache<Answer>(0, 10, () => clock);
    await off.getRecent(key(0), group, 60_000, () => Promise.resolve(answer('first')));
    const value = await off.getRecent(key(0), group, 60_000, () =>
      Promise.resolve(answer('second')),
    );
    expect(value.explanation).toBe('second');
  });
});
