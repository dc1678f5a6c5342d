import { mapConcurrently } from './map-concurrently';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('mapConcurrently', () => {
  it('answers in the input order whatever order the calls finish in', async () => {
    const results = await mapConcurrently([30, 10, 20], 3, async (delay) => {
      for (let i = 0; i < delay; i++) await tick();
      return delay * 2;
    });
    expect(results).toEqual([60, 20, 40]);
  });

  it('never runs more than `limit` calls at once, and runs every item', async () => {
    let running = 0;
    let peak = 0;
    const seen: number[] = [];
    await mapConcurrently([...Array(10).keys()], 3, async (item) => {
      running++;
      peak = Math.max(peak, running);
      await tick();
      seen.push(item);
      running--;
    });
    expect(peak).toBe(3);
    expect(seen.sort((a, b) => a - b)).toEqual([...Array(10).keys()]);
  });

  it('runs the other items after a failure, then throws the first failure', async () => {
    const done: number[] = [];
    const outcome = mapConcurrently([1, 2, 3, 4], 2, async (item) => {
      await tick();
      if (item === 2) throw new Error('two failed');
      if (item === 3) throw new Error('three failed');
      done.push(item);
    });
    await expect(outcome).rejects.toThrow('two failed');
    expect(done.sort()).toEqual([1, 4]);
  });

  it('answers an empty list without calling, and refuses a limit under 1', async () => {
    const fn = jest.fn(async () => 1);
    await expect(mapConcurrently([], 4, fn)).resolves.toEqual([]);
    expect(fn).not.toHaveBeenCalled();
    await expect(mapConcurrently([1], 0, fn)).rejects.toThrow(RangeError);
  });
});
