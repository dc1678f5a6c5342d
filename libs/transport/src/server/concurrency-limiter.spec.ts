import { ConcurrencyLimiter } from './concurrency-limiter';

/** A task that settles when told to. */
function controllable(): { settle: () => void; task: Promise<void> } {
  let settle = (): void => undefined;
  const task = new Promise<void>((resolve) => {
    settle = resolve;
  });
  return { settle: () => settle(), task };
}

describe('ConcurrencyLimiter', () => {
  it('lets the next task in once a running one frees its slot, before that one settles', async () => {
    const limiter = new ConcurrencyLimiter(1);
    const first = controllable();
    let freeFirst = (): void => undefined;
    const running = limiter.run((freeSlot) => {
      freeFirst = freeSlot;
      return first.task;
    });
    expect(limiter.free).toBe(0);

    const waiting = limiter.whenFree();
    freeFirst();

    await expect(waiting).resolves.toBe(1);
    expect(limiter.active).toBe(1);
    first.settle();
    await running;
    expect(limiter.active).toBe(0);
    expect(limiter.free).toBe(1);
  });

  it('counts a slot once, however often it is freed', async () => {
    const limiter = new ConcurrencyLimiter(2);
    await limiter.run(async (freeSlot) => {
      freeSlot();
      freeSlot();
    });
    expect(limiter.free).toBe(2);
  });

  it('drains only when tasks that gave their slot back have settled too', async () => {
    const limiter = new ConcurrencyLimiter(1);
    const task = controllable();
    const running = limiter.run((freeSlot) => {
      freeSlot();
      return task.task;
    });

    await expect(limiter.drain(60)).resolves.toBe(false);
    task.settle();
    await running;
    await expect(limiter.drain(60)).resolves.toBe(true);
  });
});
