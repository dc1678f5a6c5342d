import type { DashboardRowDto } from '@vantage/contracts';
import { queryRows } from './dashboard-query';

function row(eventId: string, fields: Partial<DashboardRowDto> = {}): DashboardRowDto {
  return {
    eventId,
    radSet: 'Feed',
    radSetId: 'rad_feed',
    colour: '#2563eb',
    current: 100,
    baseline: 100,
    changePct: 0,
    z: 0,
    status: 'NORMAL',
    eventsDelta: 0,
    impact: 0,
    highVolume: false,
    ...fields,
  };
}

const rows: DashboardRowDto[] = [
  row('feed.click', { status: 'WARNING', changePct: -60, impact: -30, current: 40 }),
  row('feed.view', { status: 'CRITICAL', changePct: -90, impact: -900, current: 10 }),
  row('cart.add', {
    radSet: 'Cart',
    radSetId: 'rad_cart',
    status: 'INCREASED',
    changePct: 75,
    impact: 20,
    highVolume: true,
  }),
  row('misc.ping', { radSet: 'unknown', radSetId: null, colour: null, status: 'NORMAL' }),
  row('new.thing', {
    radSet: 'unknown',
    radSetId: null,
    colour: null,
    status: 'NO_BASELINE',
    baseline: 0,
    changePct: null,
    z: null,
    eventsDelta: null,
    impact: null,
  }),
];

const ids = (page: { items: DashboardRowDto[] }) => page.items.map((item) => item.eventId);

describe('queryRows', () => {
  it('sorts by severity by default, ties by event id', () => {
    expect(ids(queryRows(rows, {}))).toEqual([
      'feed.view',
      'feed.click',
      'cart.add',
      'misc.ping',
      'new.thing',
    ]);
  });

  it('filters by RAD set ids, `unknown` standing for no set', () => {
    expect(ids(queryRows(rows, { radSets: ['rad_cart', 'unknown'] }))).toEqual([
      'cart.add',
      'misc.ping',
      'new.thing',
    ]);
  });

  it('filters by status, search text (case-insensitive) and high volume', () => {
    expect(ids(queryRows(rows, { statuses: ['CRITICAL', 'NO_BASELINE'] }))).toEqual([
      'feed.view',
      'new.thing',
    ]);
    expect(ids(queryRows(rows, { search: '  FEED.' }))).toEqual(['feed.view', 'feed.click']);
    expect(ids(queryRows(rows, { highVolumeOnly: true }))).toEqual(['cart.add']);
    expect(queryRows(rows, { search: 'feed', statuses: ['NORMAL'] }).total).toBe(0);
  });

  it('sorts numbers both ways and keeps empty values last either way', () => {
    expect(ids(queryRows(rows, { sortBy: 'changePct', sortDir: 'asc' }))).toEqual([
      'feed.view',
      'feed.click',
      'misc.ping',
      'cart.add',
      'new.thing',
    ]);
    expect(ids(queryRows(rows, { sortBy: 'changePct', sortDir: 'desc' }))).toEqual([
      'cart.add',
      'misc.ping',
      'feed.click',
      'feed.view',
      'new.thing',
    ]);
  });

  it('sorts by any column, text ones alphabetically', () => {
    expect(ids(queryRows(rows, { sortBy: 'eventId', sortDir: 'desc' }))[0]).toBe('new.thing');
    expect(ids(queryRows(rows, { sortBy: 'radSet' }))[0]).toBe('cart.add');
    expect(ids(queryRows(rows, { sortBy: 'impact' }))[0]).toBe('feed.view');
    expect(ids(queryRows(rows, { sortBy: 'current' }))[0]).toBe('feed.view');
    expect(ids(queryRows(rows, { sortBy: 'status', sortDir: 'desc' }))[0]).toBe('new.thing');
  });

  it('pages the sorted rows and reports the total over all pages', () => {
    const second = queryRows(rows, { page: 2, pageSize: 2 });
    const beyond = queryRows(rows, { page: 4, pageSize: 2 });

    expect(second).toMatchObject({ total: 5, page: 2, pageSize: 2 });
    expect(ids(second)).toEqual(['cart.add', 'misc.ping']);
    expect(beyond.items).toEqual([]);
    expect(beyond.total).toBe(5);
  });

  it('leaves the input order alone', () => {
    const before = ids({ items: rows });

    queryRows(rows, { sortBy: 'eventId' });

    expect(ids({ items: rows })).toEqual(before);
  });
});
