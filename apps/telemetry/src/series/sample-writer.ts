import { Injectable } from '@nestjs/common';
import { aggregateSamples, alignDown, type TimedValue } from './bucket-aggregation';
import { type BucketWrite, PointsRepository } from './points.repository';
import { POINTS_RESOLUTION_MS } from './points.schema';
import { SeriesCatalogue, type SeriesMeta } from './series-catalogue';

/** A sample refused for its value, still counted against its series' validity. */
export interface InvalidSample {
  readonly ts: number;
  readonly problem: 'nonFinite' | 'negative';
}

/** What one batch brings to one series. */
export interface SeriesBatch {
  readonly meta: SeriesMeta;
  readonly samples: readonly TimedValue[];
  readonly invalid: readonly InvalidSample[];
}

/**
 * The write side of series storage, shared by sample ingest and the golden-signal consumer:
 * records the series in the catalogue, then adds the samples to their minute buckets and
 * hourly rollups. Idempotent per `batchId` (a transport message id or an Idempotency-Key's
 * batch): writing the same batch again changes nothing twice.
 */
@Injectable()
export class SampleWriter {
  constructor(
    private readonly catalogue: SeriesCatalogue,
    private readonly points: PointsRepository,
  ) {}

  async write(orgId: string, batchId: string, batch: readonly SeriesBatch[]): Promise<void> {
    await this.catalogue.record(
      orgId,
      batch.map(({ meta, samples }) => ({
        meta,
        firstMs: samples.length > 0 ? Math.min(...samples.map((sample) => sample.ts)) : null,
        lastMs: samples.length > 0 ? Math.max(...samples.map((sample) => sample.ts)) : null,
      })),
    );
    await this.points.apply('minute', orgId, batchId, bucketWrites(batch, 'minute'));
    await this.points.apply('hour', orgId, batchId, bucketWrites(batch, 'hour'));
  }
}

/** One write per (series, bucket); minute buckets also carry timestamps and invalid counts. */
export function bucketWrites(
  batch: readonly SeriesBatch[],
  resolution: 'minute' | 'hour',
): BucketWrite[] {
  const bucketMs = POINTS_RESOLUTION_MS[resolution];
  const writes: BucketWrite[] = [];
  for (const { meta, samples, invalid } of batch) {
    const buckets = aggregateSamples(samples, bucketMs);
    const problems = new Map<number, { nonFinite: number; negative: number }>();
    if (resolution === 'minute') {
      for (const sample of invalid) {
        const startMs = alignDown(sample.ts, bucketMs);
        const counts = problems.get(startMs) ?? { nonFinite: 0, negative: 0 };
        counts[sample.problem] += 1;
        problems.set(startMs, counts);
      }
    }
    const starts = new Set([...buckets.keys(), ...problems.keys()]);
    for (const startMs of starts) {
      const bucket = buckets.get(startMs);
      const counts = problems.get(startMs);
      writes.push({
        seriesId: meta.seriesId,
        ...(bucket ?? { startMs, count: 0, sum: 0 }),
        ...(resolution === 'minute' ? { ts: bucket?.ts ?? [] } : { ts: undefined }),
        ...(counts ?? {}),
      });
    }
  }
  return writes;
}
