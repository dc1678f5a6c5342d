import { seriesFilter } from './bucket-filter';
import type { BucketQuery } from './bucket-query';
import type { Series } from './series-key';

const query = (filters: Partial<BucketQuery>): BucketQuery => ({
  orgId: 'org_1',
  resolution: 'minute',
  from: new Date(0),
  to: new Date(60_000),
  ...filters,
});
const series = (eventId: string, dimensions: Series['dimensions'] = {}): Series => ({
  eventId,
  dimensions,
});

/** The predicate applied to pending (not yet flushed) counts; MongoDB gets the same filters. */
describe('seriesFilter', () => {
  it('lets everything through without filters', () => {
    expect(seriesFilter(query({}))(series('any.thing', { host: 'h' }))).toBe(true);
  });

  it('matches event-id globs anchored, with * spanning dots and ? one character', () => {
    const matches = (eventIdGlob: string, eventId: string) =>
      seriesFilter(query({ eventIdGlob }))(series(eventId));

    expect(matches('pandc.vnext.*.feed*', 'pandc.vnext.recommendations.feed.feed_click')).toBe(
      true,
    );
    expect(matches('a?c', 'abc')).toBe(true);
    expect(matches('a?c', 'ac')).toBe(false);
    expect(matches('feed', 'feed.click')).toBe(false);
    expect(matches('a.c', 'abc')).toBe(false);
    expect(matches('a+b', 'aab')).toBe(false);
  });

  it('needs both the id list and the glob to match when both are given', () => {
    const filter = seriesFilter(query({ eventIds: ['a.x', 'b.x'], eventIdGlob: 'a.*' }));

    expect(['a.x', 'b.x', 'a.y'].map((id) => filter(series(id)))).toEqual([true, false, false]);
  });

  it('matches nothing for an empty id list', () => {
    expect(seriesFilter(query({ eventIds: [] }))(series('a'))).toBe(false);
  });

  it('matches dimension values exactly, and null as "not carried"', () => {
    const byExperiment = seriesFilter(query({ dimensions: { experiment: 'x' } }));
    const withoutVariant = seriesFilter(query({ dimensions: { variant: null } }));

    expect(byExperiment(series('a', { experiment: 'x', variant: 'b' }))).toBe(true);
    expect(byExperiment(series('a', { experiment: 'xy' }))).toBe(false);
    expect(byExperiment(series('a'))).toBe(false);
    expect(withoutVariant(series('a', { experiment: 'x' }))).toBe(true);
    expect(withoutVariant(series('a', { variant: 'b' }))).toBe(false);
  });
});
