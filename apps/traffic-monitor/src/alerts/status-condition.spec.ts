import type { DashboardRowDto, HealthStatus, StatusAlertCondition } from '@vantage/contracts';
import { judgeStatusCondition, MAX_LISTED_EVENTS } from './status-condition';

const WINDOW = { from: '2026-11-19T00:00:00.000Z', to: '2026-11-20T00:00:00.000Z' };

function row(eventId: string, status: HealthStatus, fields: Partial<DashboardRowDto> = {}) {
  return {
    eventId,
    radSet: 'Venture feed',
    radSetId: 'rad_feed',
    colour: '#2563eb',
    current: 100,
    baseline: 1000,
    changePct: -90,
    z: -28.5,
    status,
    eventsDelta: -900,
    impact: -45,
    highVolume: true,
    ...fields,
  } satisfies DashboardRowDto;
}

function condition(fields: Partial<StatusAlertCondition> = {}): StatusAlertCondition {
  return {
    kind: 'status',
    statuses: ['CRITICAL'],
    radSetId: null,
    eventIdGlob: null,
    minEvents: 1,
    ...fields,
  };
}

describe('judgeStatusCondition', () => {
  it('holds when an event has one of the statuses, and says which', () => {
    const outcome = judgeStatusCondition(
      condition(),
      [row('feed.click', 'NORMAL'), row('feed.view', 'CRITICAL')],
      WINDOW,
    );

    expect(outcome).toEqual({
      holds: true,
      summary: '1 event CRITICAL: feed.view (-90%)',
      details: {
        kind: 'status',
        matched: 1,
        events: [
          {
            eventId: 'feed.view',
            status: 'CRITICAL',
            radSet: 'Venture feed',
            current: 100,
            baseline: 1000,
            changePct: -90,
          },
        ],
        windowFrom: WINDOW.from,
        windowTo: WINDOW.to,
      },
    });
  });

  it('does not hold when no event has the statuses', () => {
    const rows = [row('a', 'WARNING'), row('b', 'NORMAL')];

    expect(judgeStatusCondition(condition(), rows, WINDOW)).toEqual({ holds: false });
  });

  it('counts only the RAD set and the glob given', () => {
    const rows = [
      row('shop.cart.add', 'CRITICAL', { radSetId: 'rad_cart' }),
      row('shop.cart.remove', 'CRITICAL', { radSetId: 'rad_other' }),
      row('feed.view', 'CRITICAL', { radSetId: 'rad_cart' }),
    ];

    const inSet = judgeStatusCondition(condition({ radSetId: 'rad_cart' }), rows, WINDOW);
    const inBoth = judgeStatusCondition(
      condition({ radSetId: 'rad_cart', eventIdGlob: 'shop.*' }),
      rows,
      WINDOW,
    );

    expect(inSet.holds && inSet.details).toMatchObject({ matched: 2 });
    expect(inBoth.holds && inBoth.details).toMatchObject({
      matched: 1,
      events: [{ eventId: 'shop.cart.add' }],
    });
  });

  it('needs minEvents matching events to hold', () => {
    const rows = [row('a', 'CRITICAL'), row('b', 'WARNING'), row('c', 'NORMAL')];
    const two = condition({ statuses: ['CRITICAL', 'WARNING'], minEvents: 2 });
    const three = condition({ statuses: ['CRITICAL', 'WARNING'], minEvents: 3 });

    expect(judgeStatusCondition(two, rows, WINDOW)).toMatchObject({
      holds: true,
      summary: '2 events CRITICAL/WARNING: a (-90%), b (-90%)',
    });
    expect(judgeStatusCondition(three, rows, WINDOW)).toEqual({ holds: false });
  });

  it('lists a bounded number of events but counts them all', () => {
    const rows = Array.from({ length: MAX_LISTED_EVENTS + 5 }, (_, i) =>
      row(`e.${String(i).padStart(3, '0')}`, 'CRITICAL', { changePct: null }),
    );

    const outcome = judgeStatusCondition(condition(), rows, WINDOW);

    expect(outcome.holds && outcome.details).toMatchObject({ matched: MAX_LISTED_EVENTS + 5 });
    expect(
      outcome.holds && outcome.details.kind === 'status' && outcome.details.events,
    ).toHaveLength(MAX_LISTED_EVENTS);
    expect(outcome.holds && outcome.summary).toBe(
      `${MAX_LISTED_EVENTS + 5} events CRITICAL: e.000, e.001, e.002 and ${MAX_LISTED_EVENTS + 2} more`,
    );
  });
});
