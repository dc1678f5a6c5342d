import { ValidationFailedError } from '@vantage/contracts';
import { resolvePointsQuery } from './points-query';

const NOW = Date.UTC(2026, 10, 23, 12, 34, 56);

describe('resolvePointsQuery', () => {
  it('defaults to the last 24 hours at the smallest step giving at most 1,000 points', () => {
    const query = resolvePointsQuery({}, NOW);

    expect(query).toMatchObject({
      toMs: NOW,
      fromMs: NOW - 86_400_000,
      stepMs: 300_000,
      aggregation: 'avg',
    });
    expect(query.startMs % 300_000).toBe(0);
    expect(query.points).toBeLessThanOrEqual(1000);
  });

  it('aligns the grid to the step and counts the steps up to `to`', () => {
    const query = resolvePointsQuery(
      { from: '2026-11-23T10:20:00Z', to: '2026-11-23T13:00:00Z', step: '1h', aggregation: 'max' },
      NOW,
    );

    expect(new Date(query.startMs).toISOString()).toBe('2026-11-23T10:00:00.000Z');
    expect(query).toMatchObject({ stepMs: 3_600_000, points: 3, aggregation: 'max' });
  });

  it.each([
    [{ step: '30s' }, 'step'],
    [{ step: '90s' }, 'step'],
    [{ from: '2026-11-23T10:00:00Z', to: '2026-11-23T10:00:00Z' }, 'from'],
    [{ from: '2026-01-01T00:00:00Z', to: '2026-11-01T00:00:00Z', step: '1m' }, 'step'],
  ])('refuses %j naming %s', (input, field) => {
    try {
      resolvePointsQuery(input, NOW);
      throw new Error('expected a validation error');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationFailedError);
      expect((error as ValidationFailedError).errors?.[0]?.field).toBe(field);
    }
  });
});
