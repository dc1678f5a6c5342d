import { FormulaLimitError } from '../formula-errors';

const MAX_TIMER_MS = 2_147_483_647;

/**
 * The time budget of one evaluation: aborted by its timeout or by the caller's signal,
 * whichever comes first. The source receives `signal` to stop its reads; the evaluator calls
 * `check()` between steps so pure computation stops too.
 */
export class Deadline {
  private readonly controller = new AbortController();
  private readonly expiresAt: number;
  private readonly timer: NodeJS.Timeout;
  private readonly detach: () => void;

  constructor(
    private readonly timeoutMs: number,
    callerSignal?: AbortSignal,
  ) {
    this.expiresAt = Date.now() + timeoutMs;
    // setTimeout fires at once beyond 2^31 - 1 ms, so a huge budget is capped rather than lost.
    this.timer = setTimeout(() => this.controller.abort(), Math.min(timeoutMs, MAX_TIMER_MS));
    const onCallerAbort = (): void => this.controller.abort();
    if (callerSignal?.aborted) this.controller.abort();
    callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
    this.detach = () => callerSignal?.removeEventListener('abort', onCallerAbort);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /**
   * Throws once the budget is spent. Reads the clock as well as the signal: the timer cannot
   * fire while computation holds the event loop.
   */
  check(): void {
    if (!this.controller.signal.aborted && Date.now() >= this.expiresAt) this.controller.abort();
    if (this.controller.signal.aborted) throw this.error();
  }

  /** Resolves as `work` does, or rejects as soon as the deadline passes, whichever is first. */
  async race<T>(work: Promise<T>): Promise<T> {
    this.check();
    let onAbort: () => void = () => undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(this.error());
      this.controller.signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([work, aborted]);
    } finally {
      this.controller.signal.removeEventListener('abort', onAbort);
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.detach();
  }

  private error(): FormulaLimitError {
    return new FormulaLimitError(
      'timeoutMs',
      this.timeoutMs,
      `evaluation stopped: it did not finish within ${this.timeoutMs} ms or was cancelled`,
    );
  }
}
