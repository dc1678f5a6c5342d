import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  type IngestSamplesMessage,
  type Plan,
  type SampleIngestResultDto,
  type SampleRejectionDto,
  storedBatchAnswer,
} from '@vantage/contracts';
import type { Logger } from '@vantage/observability';
import { OrgCaps, SERVICE_LOGGER } from '@vantage/service-runtime';
import { TelemetryConfig } from '../config/telemetry.config';
import { type SeriesBatch, SampleWriter } from '../series/sample-writer';
import { SeriesCatalogue, type SeriesMeta } from '../series/series-catalogue';
import { kindOfSeriesName, type SeriesIdentity, seriesIdOf } from '../series/series-identity';
import { BatchIdempotencyStore } from './batch-idempotency.store';
import { type AcceptanceWindow, validateSample } from './sample-validation';
import { SamplesMetrics } from './samples.metrics';

const DAY_MS = 86_400_000;

interface PendingSeries {
  readonly meta: SeriesMeta;
  readonly samples: { ts: number; value: number; index: number }[];
  readonly invalid: { ts: number; problem: 'nonFinite' | 'negative' }[];
}

/**
 * Sample ingest: checks a batch sample by sample (a bad sample is refused with its index and
 * reason, the rest stored), groups it by series, and stores it once per idempotency key
 * (BatchIdempotencyStore) through SampleWriter. New series beyond the plan's cap (ORG_CAPS)
 * are refused as `too_many_series`.
 */
@Injectable()
export class SamplesService {
  constructor(
    private readonly writer: SampleWriter,
    private readonly catalogue: SeriesCatalogue,
    private readonly batches: BatchIdempotencyStore,
    private readonly config: TelemetryConfig,
    private readonly metrics: SamplesMetrics,
    private readonly caps: OrgCaps,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {}

  async ingest(
    orgId: string,
    plan: Plan,
    message: IngestSamplesMessage,
    messageId: string,
    now = Date.now(),
  ): Promise<SampleIngestResultDto> {
    const key = message.idempotencyKey ? `k:${message.idempotencyKey}` : `m:${messageId}`;
    const fingerprint = createHash('sha1')
      .update(JSON.stringify(message.samples))
      .digest('base64url');
    const start = await this.batches.begin(orgId, key, fingerprint);
    if (start.kind === 'replay') {
      this.metrics.replayed();
      this.logger.debug({ orgId }, 'sample batch replayed from its idempotency key');
      return start.result;
    }

    const errors: SampleRejectionDto[] = [];
    const series = this.groupBySeries(message.samples, this.acceptanceWindow(now), errors);
    await this.refuseSeriesOverLimit(orgId, plan, series, errors);
    await this.writer.write(orgId, start.batchId, [...series.values()].map(toSeriesBatch));

    errors.sort((a, b) => a.index - b.index);
    const result: SampleIngestResultDto = {
      accepted: message.samples.length - errors.length,
      rejected: errors.length,
      errors,
    };
    await this.batches.complete(orgId, key, fingerprint, start.batchId, storedBatchAnswer(result));
    this.metrics.stored(result.accepted, errors);
    this.logger.debug(
      { orgId, accepted: result.accepted, rejected: result.rejected, series: series.size },
      'sample batch ingested',
    );
    return result;
  }

  private groupBySeries(
    samples: readonly unknown[],
    window: AcceptanceWindow,
    errors: SampleRejectionDto[],
  ): Map<string, PendingSeries> {
    const series = new Map<string, PendingSeries>();
    const seriesOf = (identity: SeriesIdentity): PendingSeries => {
      const seriesId = seriesIdOf(identity);
      let entry = series.get(seriesId);
      if (!entry) {
        entry = {
          meta: {
            seriesId,
            name: identity.name,
            labels: identity.labels,
            kind: kindOfSeriesName(identity.name),
            source: 'samples',
            intervalMs: null,
          },
          samples: [],
          invalid: [],
        };
        series.set(seriesId, entry);
      }
      return entry;
    };
    samples.forEach((input, index) => {
      const verdict = validateSample(input, window);
      if (verdict.ok) {
        const { ts, value } = verdict.sample;
        seriesOf(verdict.sample).samples.push({ ts, value, index });
        return;
      }
      errors.push({ index, ...verdict.rejection });
      if (verdict.invalid) {
        const { ts, problem } = verdict.invalid;
        seriesOf(verdict.invalid).invalid.push({ ts, problem });
      }
    });
    return series;
  }

  /**
   * New series past the plan's cap are dropped from the batch, their samples refused. The new
   * series admitted are entered in the catalogue before the cap's lock is let go, so batches
   * arriving together cannot each see the same room.
   */
  private async refuseSeriesOverLimit(
    orgId: string,
    plan: Plan,
    series: Map<string, PendingSeries>,
    errors: SampleRejectionDto[],
  ): Promise<void> {
    // Most batches bring no new series: they do not take the lock.
    if ((await this.catalogue.unknown(orgId, [...series.keys()])).length === 0) return;
    const limit = this.caps.limitOf('series', plan);
    await this.caps.withRoom(
      orgId,
      plan,
      'series',
      () => this.catalogue.count(orgId),
      async (room, lease) => {
        const unknown = await this.catalogue.unknown(orgId, [...series.keys()]);
        dropSeries(series, unknown.slice(room), limit, errors);
        const admitted = unknown.slice(0, room).flatMap((seriesId) => {
          const entry = series.get(seriesId);
          return entry ? [sightingOf(entry)] : [];
        });
        await lease.confirm();
        await this.catalogue.record(orgId, admitted);
      },
    );
  }

  private acceptanceWindow(now: number): AcceptanceWindow {
    const retentionDays = this.config.RETENTION_MINUTE_DAYS;
    return {
      oldestMs: now - retentionDays * DAY_MS,
      newestMs: now + this.config.INGEST_MAX_FUTURE_MS,
      retentionDays,
    };
  }
}

/** Drops series the cap leaves no room for; their samples are refused as `too_many_series`. */
function dropSeries(
  series: Map<string, PendingSeries>,
  dropped: readonly string[],
  limit: number,
  errors: SampleRejectionDto[],
): void {
  for (const seriesId of dropped) {
    const entry = series.get(seriesId) as PendingSeries;
    series.delete(seriesId);
    // Value-refused samples of a dropped series are already listed with their own reason.
    for (const sample of entry.samples) {
      errors.push({
        index: sample.index,
        reason: 'too_many_series',
        message: `the organisation has the ${limit} series its plan allows; this sample would start another`,
      });
    }
  }
}

/** What the catalogue records of a series a batch starts (SampleWriter records the same). */
function sightingOf(entry: PendingSeries): {
  meta: SeriesMeta;
  firstMs: number | null;
  lastMs: number | null;
} {
  const times = entry.samples.map((sample) => sample.ts);
  return {
    meta: entry.meta,
    firstMs: times.length > 0 ? Math.min(...times) : null,
    lastMs: times.length > 0 ? Math.max(...times) : null,
  };
}

function toSeriesBatch(entry: PendingSeries): SeriesBatch {
  return {
    meta: entry.meta,
    samples: entry.samples.map(({ ts, value }) => ({ ts, value })),
    invalid: entry.invalid,
  };
}
