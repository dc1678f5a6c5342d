/**
 * Counts the messages a replica holds (read and not yet finished) and lets the stream readers
 * read only while there is room, so a burst waits in Redis rather than in this process' memory.
 * A slot bounds a running handler; a task may give its slot back once its handler is done and
 * only its last Redis step is on the way, so that round trip does not keep the next read waiting.
 */
export class ConcurrencyLimiter {
  private slotsTaken = 0;
  private unsettled = 0;
  private readonly waiters: Array<() => void> = [];

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit must be >= 1');
  }

  get free(): number {
    return Math.max(0, this.limit - this.slotsTaken);
  }

  /** Tasks not settled yet, whether they still hold a slot or only finish in Redis. */
  get active(): number {
    return this.unsettled;
  }

  /** Resolves with the number of free slots once there is at least one. */
  async whenFree(): Promise<number> {
    while (this.free === 0) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    return this.free;
  }

  /** Runs `task` in a slot, held until it settles or calls `freeSlot` (whichever comes first). */
  async run<T>(task: (freeSlot: () => void) => Promise<T>): Promise<T> {
    this.slotsTaken += 1;
    this.unsettled += 1;
    let holding = true;
    const freeSlot = (): void => {
      if (!holding) return;
      holding = false;
      this.slotsTaken -= 1;
      this.waiters.shift()?.();
    };
    try {
      return await task(freeSlot);
    } finally {
      freeSlot();
      this.unsettled -= 1;
    }
  }

  /** Resolves when nothing runs or finishes, or after `timeoutMs`; says which. */
  async drain(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.unsettled > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return this.unsettled === 0;
  }
}
