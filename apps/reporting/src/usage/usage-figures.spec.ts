import { incrementsByHour, type UsageHourFacts, usageSection } from './usage-figures';

const day = (date: string): Date => new Date(`${date}T00:00:00Z`);

/** Midnights of 16–23 Nov 2026 (UTC), and of the week before. */
const week = ['16', '17', '18', '19', '20', '21', '22', '23'].map((d) => day(`2026-11-${d}`));
const previousWeek = ['09', '10', '11', '12', '13', '14', '15', '16'].map((d) =>
  day(`2026-11-${d}`),
);

function hour(at: string, fields: Partial<UsageHourFacts> = {}): UsageHourFacts {
  return {
    hour: new Date(at),
    calls: 0,
    events: 0,
    endpoints: new Map(),
    countries: new Map(),
    users: [],
    ...fields,
  };
}

describe('usage figures', () => {
  it('sums an event’s records per UTC hour; logins make users active but are no calls', () => {
    const increments = incrementsByHour([
      { at: '2026-11-16T09:05:00Z', kind: 'login', userId: 'usr_a' },
      {
        at: '2026-11-16T09:10:00Z',
        kind: 'request',
        userId: 'usr_a',
        endpoint: 'GET /x',
        country: 'FR',
      },
      {
        at: '2026-11-16T09:59:59Z',
        kind: 'request',
        endpoint: 'POST /events',
        eventsIngested: 250,
      },
      { at: '2026-11-16T10:00:00Z', kind: 'request', userId: 'usr_b', endpoint: 'GET /x' },
    ]);

    expect(increments).toHaveLength(2);
    const [nine, ten] = increments;
    expect(nine).toMatchObject({ calls: 2, events: 250, logins: 1 });
    expect([...(nine?.users ?? [])]).toEqual(['usr_a']);
    expect(Object.fromEntries(nine?.endpoints ?? [])).toEqual({ 'GET /x': 1, 'POST /events': 1 });
    expect(Object.fromEntries(nine?.countries ?? [])).toEqual({ FR: 1 });
    expect(ten?.hour.toISOString()).toBe('2026-11-16T10:00:00.000Z');
  });

  it('counts active users per day, week and 30 days, and calls per endpoint against last week', () => {
    const hours = [
      hour('2026-11-16T09:00:00Z', {
        users: ['a', 'b'],
        calls: 10,
        events: 1000,
        endpoints: new Map([['GET /x', 10]]),
        countries: new Map([['US', 10]]),
      }),
      hour('2026-11-16T15:00:00Z', {
        users: ['b', 'c'],
        calls: 5,
        endpoints: new Map([['GET /y', 5]]),
      }),
      hour('2026-11-18T09:00:00Z', { users: ['a'], calls: 2, endpoints: new Map([['GET /x', 2]]) }),
      hour('2026-11-10T09:00:00Z', {
        users: ['a', 'd'],
        calls: 8,
        endpoints: new Map([['GET /x', 8]]),
      }),
      hour('2026-10-30T09:00:00Z', { users: ['e'] }),
      hour('2026-10-01T09:00:00Z', { users: ['f'] }),
    ];

    const section = usageSection(hours, week, previousWeek);

    expect(section.dailyActiveUsers.current).toEqual([3, 0, 1, 0, 0, 0, 0]);
    expect(section.dailyActiveUsers.previous).toEqual([0, 2, 0, 0, 0, 0, 0]);
    expect(section.dau.current).toBeCloseTo(4 / 7);
    expect(section.wau).toEqual({ current: 3, previous: 2 });
    // 30 days to 23 Nov: a b c d e (1 Oct is older); to 16 Nov: a d e.
    expect(section.mau).toEqual({ current: 5, previous: 3 });
    expect(section.apiCalls).toEqual({ current: 17, previous: 8 });
    expect(section.eventsIngested).toEqual({ current: 1000, previous: 0 });
    expect(section.topEndpoints).toEqual([
      { key: 'GET /x', current: 12, previous: 8 },
      { key: 'GET /y', current: 5, previous: 0 },
    ]);
    expect(section.countries).toEqual([{ key: 'US', current: 10, previous: 0 }]);
  });
});
