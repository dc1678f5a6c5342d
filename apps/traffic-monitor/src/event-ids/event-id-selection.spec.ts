import { selectEventIds } from './event-id-selection';

describe('selectEventIds', () => {
  const catalogued = (eventIds: string[], full = false) => ({ eventIds, full });

  it('reads every event id when the query has no glob', () => {
    expect(selectEventIds(undefined, catalogued(['a.click']))).toEqual({});
  });

  it('turns a glob into the catalogued ids it matches, anchored at both ends, or none', () => {
    const ids = ['app.home.click', 'web.click', 'app.home.click_extra', 'app.view'];

    expect(selectEventIds('*.click', catalogued(ids))).toEqual({
      eventIds: ['app.home.click', 'web.click'],
    });
    expect(selectEventIds('nothing.*', catalogued(ids))).toEqual({ eventIdGlob: 'nothing.*' });
  });

  it('keeps the glob when the catalogue is full and may lack ids sent after it filled', () => {
    expect(selectEventIds('*.click', catalogued(['web.click'], true))).toEqual({
      eventIdGlob: '*.click',
    });
  });
});
