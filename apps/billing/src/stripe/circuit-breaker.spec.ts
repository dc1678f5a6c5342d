import { CircuitBreaker, CircuitOpenError } from './circuit-breaker';

describe('CircuitBreaker', () => {
  let now = 0;
  const breaker = () => new CircuitBreaker({ failureThreshold: 2, openMs: 1000, now: () => now });
  const down = () => Promise.reject(new Error('down'));
  const counts = () => true;

  beforeEach(() => {
    now = 0;
  });

  it('opens after consecutive failures and refuses calls without making them', async () => {
    const subject = breaker();
    await expect(subject.run(down, counts)).rejects.toThrow('down');
    await expect(subject.run(down, counts)).rejects.toThrow('down');
    const call = jest.fn(() => Promise.resolve('ok'));

    await expect(subject.run(call, counts)).rejects.toBeInstanceOf(CircuitOpenError);
    expect(call).not.toHaveBeenCalled();
    expect(subject.state).toBe('open');
  });

  it('lets one trial through after the open period and closes on its success', async () => {
    const subject = breaker();
    await expect(subject.run(down, counts)).rejects.toThrow();
    await expect(subject.run(down, counts)).rejects.toThrow();
    now = 1000;

    expect(subject.state).toBe('half-open');
    await expect(subject.run(() => Promise.resolve('ok'), counts)).resolves.toBe('ok');
    expect(subject.state).toBe('closed');
  });

  it('opens again when the trial fails', async () => {
    const subject = breaker();
    await expect(subject.run(down, counts)).rejects.toThrow();
    await expect(subject.run(down, counts)).rejects.toThrow();
    now = 1000;
    await expect(subject.run(down, counts)).rejects.toThrow('down');

    expect(subject.state).toBe('open');
  });

  it('ignores failures that do not count (a refused request is not an outage)', async () => {
    const subject = breaker();
    for (let i = 0; i < 5; i++) await expect(subject.run(down, () => false)).rejects.toThrow();

    expect(subject.state).toBe('closed');
  });

  it('starts counting afresh after a success', async () => {
    const subject = breaker();
    await expect(subject.run(down, counts)).rejects.toThrow();
    await subject.run(() => Promise.resolve(1), counts);
    await expect(subject.run(down, counts)).rejects.toThrow();

    expect(subject.state).toBe('closed');
  });
});
