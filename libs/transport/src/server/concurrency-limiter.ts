/**
 * Counts the messages a replica holds (read and not yet finished) and lets the stream readers
 * read only while there is room, so a burst waits in Redis rather than in this process' memory.
 */
export class ConcurrencyLimiter {
  private inFlight = 0;
  private readonly waiters: Array<() => void> = [];

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit must be >= 1');
  }

  get free(): number {
    return Math.max(0, this.limit - this.inFlight);
  }

  get active(): number {
    return this.inFlight;
  }

  /** Resolves with the number of free slots once there is at least one. */
  async whenFree(): Promise<number> {
    while (this.free === 0) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    return this.free;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    this.inFlight += 1;
    try {
      return await task();
    } finally {
      this.inFlight -= 1;
      this.waiters.shift()?.();
    }
  }

  /** Resolves when nothing runs, or after `timeoutMs`; says which. */
  async drain(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.inFlight > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return this.inFlight === 0;
  }
}
