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
