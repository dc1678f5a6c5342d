import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ConflictError, type SampleIngestResultDto } from '@vantage/contracts';
import type { RedisClient } from '@vantage/transport';
import { TelemetryConfig } from '../config/telemetry.config';
import { TELEMETRY_REDIS } from './telemetry-redis';

type BatchRecord =
  | { readonly state: 'pending'; readonly fingerprint: string; readonly batchId: string }
  | {
      readonly state: 'done';
      readonly fingerprint: string;
      readonly batchId: string;
      readonly result: SampleIngestResultDto;
    };

export type BatchStart =
  | { readonly kind: 'apply'; readonly batchId: string }
  | { readonly kind: 'replay'; readonly result: SampleIngestResultDto };

/**
 * Remembers each batch by its idempotency key (the Idempotency-Key, else the transport message
 * id) for INGEST_IDEMPOTENCY_TTL_SECONDS. The first copy claims the key with a new batch id;
 * a copy that finds the batch done gets the stored answer; a copy that finds it pending (a
 * concurrent duplicate, or a replica that died mid-write) writes it again under the SAME batch
 * id, which storage applies at most once per bucket. So a batch is stored once whatever
 * arrives, with no lock to wait on. The same key with another batch is a 409.
 */
@Injectable()
export class BatchIdempotencyStore {
  private readonly ttlMs: number;

  constructor(
    @Inject(TELEMETRY_REDIS) private readonly redis: RedisClient,
    private readonly config: TelemetryConfig,
  ) {
    this.ttlMs = config.INGEST_IDEMPOTENCY_TTL_SECONDS * 1000;
  }

  async begin(orgId: string, key: string, fingerprint: string): Promise<BatchStart> {
    const claim: BatchRecord = {
      state: 'pending',
      fingerprint,
      batchId: randomBytes(12).toString('base64url'),
    };
    const redisKey = this.keyOf(orgId, key);
    const won = await this.redis.set(redisKey, JSON.stringify(claim), 'PX', this.ttlMs, 'NX');
    if (won === 'OK') return { kind: 'apply', batchId: claim.batchId };
    const stored = await this.redis.get(redisKey);
    // Expired between the two commands: claim again (rare; the window is one round trip).
    if (stored === null) return this.begin(orgId, key, fingerprint);
    const record = JSON.parse(stored) as BatchRecord;
    if (record.fingerprint !== fingerprint) {
      throw new ConflictError(
        'this Idempotency-Key was already used for a different batch; use a new key per batch',
      );
    }
    return record.state === 'done'
      ? { kind: 'replay', result: record.result }
      : { kind: 'apply', batchId: record.batchId };
  }

  async complete(
    orgId: string,
    key: string,
    fingerprint: string,
    batchId: string,
    result: SampleIngestResultDto,
  ): Promise<void> {
    const record: BatchRecord = { state: 'done', fingerprint, batchId, result };
    await this.redis.set(this.keyOf(orgId, key), JSON.stringify(record), 'PX', this.ttlMs);
  }

  private keyOf(orgId: string, key: string): string {
    return `${this.config.TRANSPORT_PREFIX}:telemetry:batch:${orgId}:${key}`;
  }
}
