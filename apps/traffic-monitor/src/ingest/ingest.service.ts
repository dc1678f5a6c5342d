import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  ConflictError,
  type IngestEventsMessage,
  type IngestRejectionDto,
  type IngestRejectionReason,
  type IngestResultDto,
  storedBatchAnswer,
} from '@vantage/contracts';
import type { Logger } from '@vantage/observability';
import { SERVICE_LOGGER } from '@vantage/service-runtime';
import { RESOLUTION_MS } from '../buckets/bucket-query';
import { PendingBucketStore } from '../buckets/pending/pending-bucket.store';
import { TrafficMonitorConfig } from '../config/traffic-monitor.config';
import { aggregateBatch } from './batch-aggregation';
import { AcceptanceWindow, validateEvent, ValidEvent } from './event-validation';
import { IngestMetrics } from './ingest.metrics';

/**
 * Ingestion: validates a batch event by event, sums it per bucket and series, and adds it to
 * the pending counts in Redis with ONE atomic script that also stores the batch's answer under
 * its idempotency key. The key is the caller's Idempotency-Key, else the transport message id
 * (so a message redelivered after a replica crash is not counted twice either). A repeated key
 * is answered with the stored answer and adds nothing, whichever replica gets it, and however
 * close together two copies arrive: Redis runs one script at a time. Counts reach MongoDB
 * through BucketFlusher; readers see them before that (BucketReader).
 */
@Injectable()
export class IngestService {
  constructor(
    private readonly store: PendingBucketStore,
    private readonly config: TrafficMonitorConfig,
    private readonly metrics: IngestMetrics,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {}

  async ingest(
    orgId: string,
    message: IngestEventsMessage,
    messageId: string,
    now = Date.now(),
  ): Promise<IngestResultDto> {
    const window = this.acceptanceWindow(now);
    const accepted: ValidEvent[] = [];
    const errors: IngestRejectionDto[] = [];
    const rejections = new Map<IngestRejectionReason, number>();
    message.events.forEach((input, index) => {
      const verdict = validateEvent(input, window);
      if (verdict.ok) {
        accepted.push(verdict.event);
        return;
      }
      errors.push({ index, ...verdict.rejection });
      rejections.set(verdict.rejection.reason, (rejections.get(verdict.rejection.reason) ?? 0) + 1);
    });
    const result: IngestResultDto = { accepted: accepted.length, rejected: errors.length, errors };

    // Truthiness, not `!== undefined`: the message DTO lets a null key through as "none".
    const byKey = Boolean(message.idempotencyKey);
    // Only a caller's key can come back with other events; a message id is one stream entry,
    // whose redelivery carries the very same payload, so hashing it would prove nothing.
    const fingerprint = byKey ? fingerprintOf(message.events) : '';
    const previous = await this.store.recordBatch({
      orgId,
      idempotencyKey: byKey ? `k:${message.idempotencyKey}` : `m:${messageId}`,
      record: `${fingerprint}\n${JSON.stringify(storedBatchAnswer(result))}`,
      ttlMs:
        (byKey
          ? this.config.INGEST_IDEMPOTENCY_TTL_SECONDS
          : this.config.INGEST_MESSAGE_DEDUP_TTL_SECONDS) * 1000,
      newFlushId: randomBytes(12).toString('base64url'),
      increments: aggregateBatch(accepted, this.config.INGEST_FLUSH_GRACE_MS),
    });
    if (previous !== undefined) return this.replay(previous, fingerprint, orgId);

    this.metrics.stored(result.accepted, rejections);
    this.logger.debug(
      { orgId, accepted: result.accepted, rejected: result.rejected },
      'traffic batch ingested',
    );
    return result;
  }

  private replay(record: string, fingerprint: string, orgId: string): IngestResultDto {
    const newline = record.indexOf('\n');
    if (record.slice(0, newline) !== fingerprint) {
      throw new ConflictError(
        'this Idempotency-Key was already used for a different batch; use a new key per batch',
      );
    }
    this.metrics.replayed();
    this.logger.debug({ orgId }, 'traffic batch replayed from its idempotency key');
    return JSON.parse(record.slice(newline + 1)) as IngestResultDto;
  }

  private acceptanceWindow(now: number): AcceptanceWindow {
    const retentionDays = this.config.RETENTION_MINUTE_DAYS;
    return {
      oldestMs: now - retentionDays * RESOLUTION_MS.day,
      newestMs: now + this.config.INGEST_MAX_FUTURE_MS,
      retentionDays,
    };
  }
}

/** Same events in the same order, same fingerprint: tells a retry from a reused key. */
function fingerprintOf(events: readonly unknown[]): string {
  return createHash('sha1').update(JSON.stringify(events)).digest('base64url');
}
