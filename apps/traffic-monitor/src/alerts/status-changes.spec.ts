import type { HealthStatus } from '@vantage/contracts';
import { diffStatuses } from './status-changes';

const seen = (eventId: string, status: HealthStatus) => ({ eventId, radSet: 'feed', status });

describe('diffStatuses', () => {
  it('reports nothing when every status is the same', () => {
    const statuses = [seen('a', 'NORMAL'), seen('b', 'CRITICAL')];

    expect(diffStatuses(statuses, [...statuses].reverse())).toEqual([]);
  });

  it('reports changed, new and vanished event ids, by event id', () => {
    const previous = [seen('c', 'NORMAL'), seen('a', 'NORMAL'), seen('gone', 'WARNING')];
    const current = [seen('a', 'CRITICAL'), seen('c', 'NORMAL'), seen('b', 'NO_BASELINE')];

    expect(diffStatuses(previous, current)).toEqual([
      { eventId: 'a', radSet: 'feed', from: 'NORMAL', to: 'CRITICAL' },
      { eventId: 'b', radSet: 'feed', from: null, to: 'NO_BASELINE' },
      { eventId: 'gone', radSet: 'feed', from: 'WARNING', to: null },
    ]);
  });
});
