import { performance } from 'node:perf_hooks';

/**
 * One downstream service's circuit breaker: after `failureThreshold` consecutive unavailability
 * failures it opens and refuses calls for `openMs`, then lets a single trial call through
 * (half-open); the trial's success closes it, its failure opens it again. No Nest, no I/O.
 */
export type BreakerState = 'closed' | 'half-open' | 'open';

/** Milliseconds from an arbitrary origin; injectable so tests move time instead of sleeping. */
export interface Clock {
  now(): number;
}

export const monotonicClock: Clock = { now: () => performance.now() };

export interface CircuitBreakerOptions {
  readonly failureThreshold: number;
  readonly openMs: number;
  readonly clock?: Clock;
  readonly onStateChange?: (state: BreakerState, previous: BreakerState) => void;
}

/** Thrown instead of calling while the breaker refuses calls. */
export class CircuitOpenError extends Error {
  constructor(readonly retryAfterMs: number) {
    super('circuit open');
    this.name = 'CircuitOpenError';
  }
}

/** While a half-open trial is in flight, other callers are told to come back this soon. */
const TRIAL_IN_FLIGHT_RETRY_MS = 1000;

export class CircuitBreaker {
  private current: BreakerState = 'closed';
  private consecutiveFailures = 0;
  private openUntil = 0;
  private trialInFlight = false;
  /**
   * Bumped on every state change. A call reports its outcome only to the state that admitted it:
   * a call started while closed that ends after the breaker opened changes nothing.
   */
  private generation = 0;
  private readonly clock: Clock;

  constructor(private readonly options: CircuitBreakerOptions) {
    this.clock = options.clock ?? monotonicClock;
  }

  /** The state a call arriving now would meet: an open breaker past its time is half-open. */
  get state(): BreakerState {
    this.expireOpenPeriod();
    return this.current;
  }

  /** How long until a call may go through; 0 when one may go now. */
  retryAfterMs(): number {
    switch (this.state) {
      case 'closed':
        return 0;
      case 'half-open':
        return this.trialInFlight ? TRIAL_IN_FLIGHT_RETRY_MS : 0;
      case 'open':
        return this.openUntil - this.clock.now();
    }
  }

  /**
   * Runs `call` if the breaker lets it through, else throws CircuitOpenError. A rejection of
   * `call` counts against the service only when `isFailure` says it shows the service unavailable;
   * any other outcome (a reply, a domain error) shows it answering.
   */
  async run<T>(call: () => Promise<T>, isFailure: (error: unknown) => boolean): Promise<T> {
    const admitted = this.admit();
    try {
      const result = await call();
      this.settle(admitted, false);
      return result;
    } catch (error) {
      this.settle(admitted, isFailure(error));
      throw error;
    }
  }

  private admit(): number {
    const state = this.state;
    if (state === 'open' || (state === 'half-open' && this.trialInFlight)) {
      throw new CircuitOpenError(this.retryAfterMs());
    }
    if (state === 'half-open') this.trialInFlight = true;
    return this.generation;
  }

  private settle(admittedIn: number, failed: boolean): void {
    if (admittedIn !== this.generation) return;
    if (this.current === 'half-open') {
      this.trialInFlight = false;
      if (failed) this.open();
      else this.transition('closed');
      return;
    }
    if (!failed) {
      this.consecutiveFailures = 0;
      return;
    }
    this.consecutiveFailures += 1;
    if (this.consecutiveFailures >= this.options.failureThreshold) this.open();
  }

  private open(): void {
    this.openUntil = this.clock.now() + this.options.openMs;
    this.transition('open');
  }

  private expireOpenPeriod(): void {
    if (this.current === 'open' && this.clock.now() >= this.openUntil) {
      this.transition('half-open');
    }
  }

  private transition(next: BreakerState): void {
    const previous = this.current;
    this.current = next;
    this.generation += 1;
    this.consecutiveFailures = 0;
    this.trialInFlight = false;
    if (next !== previous) this.options.onStateChange?.(next, previous);
  }
}
