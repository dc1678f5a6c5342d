import { type LatestAlert, nextTransition } from './alert-state';

const NOW = new Date('2026-11-20T12:00:00Z');
const minutesBefore = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000);

function alert(fields: Partial<LatestAlert> = {}): LatestAlert {
  return { id: 'alt_1', seq: 1, status: 'open', ...fields };
}

describe('nextTransition', () => {
  it('opens the first alert of a rule when its condition holds', () => {
    expect(nextTransition(null, true, 30, NOW)).toEqual({ action: 'open', seq: 1 });
  });

  it('keeps an open alert while the condition holds, without a second one', () => {
    expect(nextTransition(alert(), true, 30, NOW)).toEqual({ action: 'keep', alertId: 'alt_1' });
  });

  it('keeps an acknowledged alert as active too', () => {
    expect(nextTransition(alert({ status: 'acknowledged' }), true, 30, NOW)).toEqual({
      action: 'keep',
      alertId: 'alt_1',
    });
  });

  it('resolves an open or acknowledged alert once the condition clears', () => {
    expect(nextTransition(alert(), false, 30, NOW)).toEqual({
      action: 'resolve',
      alertId: 'alt_1',
    });
    expect(nextTransition(alert({ status: 'acknowledged' }), false, 30, NOW)).toEqual({
      action: 'resolve',
      alertId: 'alt_1',
    });
  });

  it('does nothing while the condition stays clear', () => {
    expect(nextTransition(null, false, 30, NOW)).toEqual({ action: 'none' });
    const resolved = alert({ status: 'resolved', resolvedAt: minutesBefore(5) });
    expect(nextTransition(resolved, false, 30, NOW)).toEqual({ action: 'none' });
  });

  it('waits out the cooldown after a resolve before opening the next alert', () => {
    const resolved = alert({ seq: 3, status: 'resolved', resolvedAt: minutesBefore(10) });

    expect(nextTransition(resolved, true, 30, NOW)).toEqual({
      action: 'cool-down',
      until: new Date('2026-11-20T12:20:00Z'),
    });
  });

  it('opens the next alert, numbered after the last, once the cooldown is over', () => {
    const atEnd = alert({ seq: 3, status: 'resolved', resolvedAt: minutesBefore(30) });
    const past = alert({ seq: 3, status: 'resolved', resolvedAt: minutesBefore(31) });

    expect(nextTransition(atEnd, true, 30, NOW)).toEqual({ action: 'open', seq: 4 });
    expect(nextTransition(past, true, 30, NOW)).toEqual({ action: 'open', seq: 4 });
  });

  it('has no cooldown when it is 0 minutes', () => {
    const justResolved = alert({ status: 'resolved', resolvedAt: NOW });

    expect(nextTransition(justResolved, true, 0, NOW)).toEqual({ action: 'open', seq: 2 });
  });

  it('changes nothing when the condition cannot be judged', () => {
    expect(nextTransition(null, null, 30, NOW)).toEqual({ action: 'none' });
    expect(nextTransition(alert(), null, 30, NOW)).toEqual({ action: 'none' });
  });
});
