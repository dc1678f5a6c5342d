import type { GoldenSignalsReportedEvent } from '@vantage/contracts';
import { seriesIdOf } from '../series/series-identity';
import { foldedSamples } from './golden-signal-samples';
import { foldBatchId } from './golden-signals-fold.job';

function reportOf(
  instanceId: string,
  periodEnd: string,
  requests: number,
): GoldenSignalsReportedEvent {
  return {
    service: 'billing',
    instanceId,
    intervalMs: 10_000,
    periodStart: new Date(Date.parse(periodEnd) - 10_000).toISOString(),
    periodEnd,
    total: {
      route: '*',
      kind: 'all',
      requests,
      errors: 0,
      requestRate: requests / 10,
      errorRate: 0,
      latencyMs: null,
    },
    routes: [],
    process: {
      cpuUtilisation: 0.1,
      rssBytes: 1,
      heapUsedBytes: 1,
      eventLoopLagMeanMs: 1,
      eventLoopLagP99Ms: 1,
    },
  };
}

describe('folding golden-signals reports', () => {
  it('makes one entry per series holding every report’s sample', () => {
    const batch = foldedSamples([
      reportOf('billing-a', '2026-01-01T00:00:10.000Z', 3),
      reportOf('billing-b', '2026-01-01T00:00:12.000Z', 4),
      reportOf('billing-a', '2026-01-01T00:00:20.000Z', 5),
    ]);
    const requests = batch.filter(
      (entry) =>
        entry.meta.seriesId === seriesIdOf({ name: 'vantage.billing.requests', labels: {} }),
    );

    expect(new Set(batch.map((entry) => entry.meta.seriesId)).size).toBe(batch.length);
    expect(requests).toHaveLength(1);
    expect(requests[0]?.samples.map((sample) => sample.value)).toEqual([3, 4, 5]);
  });

  it('names a fold by its minute and its reports, whatever their order', () => {
    expect(foldBatchId(60_000, ['b', 'a'])).toBe(foldBatchId(60_000, ['a', 'b']));
    expect(foldBatchId(60_000, ['a', 'b'])).not.toBe(foldBatchId(60_000, ['a']));
    expect(foldBatchId(60_000, ['a'])).not.toBe(foldBatchId(120_000, ['a']));
  });
});
