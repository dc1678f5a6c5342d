/**
 * The breaker in front of Stripe: after `failureThreshold` consecutive failures it opens and
 * refuses calls for `openMs`, then lets one trial call through (half-open); the trial's success
 * closes it, its failure opens it again. No Nest, no I/O; the clock is injectable for tests.
 */
export type BreakerState = 'closed' | 'half-open' | 'open';

export interface CircuitBreakerOptions {
  readonly failureThreshold: number;
  readonly openMs: number;
  readonly now?: () => number;
  readonly onStateChange?: (state: BreakerState) => void;
}

/** Thrown instead of calling while the breaker refuses calls. */
export class CircuitOpenError extends Error {
  constructor(readonly retryAfterMs: number) {
    super('circuit open');
    this.name = 'CircuitOpenError';
  }
}

export class CircuitBreaker {
  private current: BreakerState = 'closed';
  private failures = 0;
  private openUntil = 0;
  private trialInFlight = false;
  private readonly now: () => number;

  constructor(private readonly options: CircuitBreakerOptions) {
    this.now = options.now ?? Date.now;
  }

  get state(): BreakerState {
    if (this.current === 'open' && this.now() >= this.openUntil) this.become('half-open');
    return this.current;
  }

  /**
   * Runs `call` unless the breaker refuses it. Only failures for which `counts(error)` holds
   * (Stripe unreachable or failing, not a refused request) move the breaker.
   */
  async run<T>(call: () => Promise<T>, counts: (error: unknown) => boolean): Promise<T> {
    const state = this.state;
    if (state === 'open') throw new CircuitOpenError(this.openUntil - this.now());
    if (state === 'half-open') {
      if (this.trialInFlight) throw new CircuitOpenError(1000);
      this.trialInFlight = true;
    }
    try {
      const result = await call();
      this.failures = 0;
      if (this.current !== 'closed') this.become('closed');
      return result;
    } catch (error) {
      if (counts(error)) this.failed();
      else if (this.current === 'half-open') this.become('closed');
      throw error;
    } finally {
      if (state === 'half-open') this.trialInFlight = false;
    }
  }

  private failed(): void {
    this.failures += 1;
    if (this.current === 'half-open' || this.failures >= this.options.failureThreshold) {
      this.openUntil = this.now() + this.options.openMs;
      this.become('open');
    }
  }

  private become(state: BreakerState): void {
    if (state === this.current) return;
    this.current = state;
    if (state === 'closed') this.failures = 0;
    this.options.onStateChange?.(state);
  }
}
