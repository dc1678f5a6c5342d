import { BreakerState, CircuitBreaker, CircuitOpenError, Clock } from './circuit-breaker';

class ManualClock implements Clock {
  private ms = 1_000;

  now(): number {
    return this.ms;
  }

  advance(ms: number): void {
    this.ms += ms;
  }
}

class Unavailable extends Error {}
class NotFound extends Error {}

const isUnavailable = (error: unknown): boolean => error instanceof Unavailable;

function setup(failureThreshold = 3, openMs = 10_000) {
  const clock = new ManualClock();
  const changes: Array<[BreakerState, BreakerState]> = [];
  const breaker = new CircuitBreaker({
    failureThreshold,
    openMs,
    clock,
    onStateChange: (state, previous) => changes.push([previous, state]),
  });
  const succeed = () => breaker.run(() => Promise.resolve('reply'), isUnavailable);
  const failWith = (error: Error) =>
    breaker.run(() => Promise.reject(error), isUnavailable).catch((caught: unknown) => caught);
  const fail = () => failWith(new Unavailable('timeout'));
  return { clock, breaker, changes, succeed, fail, failWith };
}

/** A call the test settles by hand, to hold a trial in flight. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('CircuitBreaker', () => {
  it('stays closed below the threshold and passes every outcome through', async () => {
    const { breaker, succeed, fail } = setup(3);

    await fail();
    await fail();

    expect(breaker.state).toBe('closed');
    await expect(succeed()).resolves.toBe('reply');
  });

  it('opens after the threshold of consecutive unavailability failures', async () => {
    const { breaker, changes, fail } = setup(3);

    await fail();
    await fail();
    await fail();

    expect(breaker.state).toBe('open');
    expect(changes).toEqual([['closed', 'open']]);
  });

  it('counts only consecutive failures: a success in between starts the count again', async () => {
    const { breaker, succeed, fail } = setup(3);

    await fail();
    await fail();
    await succeed();
    await fail();
    await fail();

    expect(breaker.state).toBe('closed');
  });

  it('does not open on domain errors, which show the service answering', async () => {
    const { breaker, fail, failWith } = setup(2);

    await fail();
    const errors = [await failWith(new NotFound('no such series'))];
    await fail();
    errors.push(await failWith(new NotFound('no such series')));
    errors.push(await failWith(new NotFound('no such series')));

    expect(breaker.state).toBe('closed');
    expect(errors.every((error) => error instanceof NotFound)).toBe(true);
  });

  it('refuses calls while open, without calling, and says how long is left', async () => {
    const { clock, breaker, fail } = setup(1, 10_000);
    await fail();
    clock.advance(4_000);
    let calls = 0;
    const call = () => {
      calls += 1;
      return Promise.resolve('reply');
    };

    const refusal = await breaker.run(call, isUnavailable).catch((error: unknown) => error);

    expect(refusal).toBeInstanceOf(CircuitOpenError);
    expect((refusal as CircuitOpenError).retryAfterMs).toBe(6_000);
    expect(calls).toBe(0);
  });

  it('becomes half-open when the open period ends, and a successful trial closes it', async () => {
    const { clock, breaker, changes, succeed, fail } = setup(1, 10_000);
    await fail();

    clock.advance(9_999);
    expect(breaker.state).toBe('open');
    clock.advance(1);
    expect(breaker.state).toBe('half-open');

    await expect(succeed()).resolves.toBe('reply');
    expect(breaker.state).toBe('closed');
    expect(changes).toEqual([
      ['closed', 'open'],
      ['open', 'half-open'],
      ['half-open', 'closed'],
    ]);
  });

  it('re-opens for a full period when the trial fails', async () => {
    const { clock, breaker, fail } = setup(1, 10_000);
    await fail();
    clock.advance(10_000);

    await fail();

    expect(breaker.state).toBe('open');
    expect(breaker.retryAfterMs()).toBe(10_000);
  });

  it('lets exactly one trial through while half-open', async () => {
    const { clock, breaker, fail } = setup(1, 10_000);
    await fail();
    clock.advance(10_000);
    const trial = deferred<string>();

    const first = breaker.run(() => trial.promise, isUnavailable);
    const second = await breaker
      .run(() => Promise.resolve('second'), isUnavailable)
      .catch((error: unknown) => error);

    expect(second).toBeInstanceOf(CircuitOpenError);
    expect((second as CircuitOpenError).retryAfterMs).toBeGreaterThan(0);
    trial.resolve('trial');
    await expect(first).resolves.toBe('trial');
    expect(breaker.state).toBe('closed');
  });

  it('closes on a trial answered with a domain error: the service is back', async () => {
    const { clock, breaker, fail, failWith } = setup(1, 10_000);
    await fail();
    clock.advance(10_000);

    expect(await failWith(new NotFound('no such series'))).toBeInstanceOf(NotFound);

    expect(breaker.state).toBe('closed');
  });

  it('ignores the late outcome of a call admitted before the breaker opened', async () => {
    const { breaker, succeed, fail } = setup(2, 10_000);
    const slow = deferred<string>();
    const admittedWhileClosed = breaker.run(() => slow.promise, isUnavailable);

    await fail();
    await fail();
    expect(breaker.state).toBe('open');
    slow.resolve('late reply');
    await admittedWhileClosed;

    expect(breaker.state).toBe('open');
    await expect(succeed()).rejects.toBeInstanceOf(CircuitOpenError);
  });

  it('recovers over repeated outages without outside help', async () => {
    const { clock, breaker, succeed, fail } = setup(2, 1_000);

    for (let outage = 0; outage < 3; outage += 1) {
      await fail();
      await fail();
      expect(breaker.state).toBe('open');
      clock.advance(1_000);
      await succeed();
      expect(breaker.state).toBe('closed');
    }
  });
});
