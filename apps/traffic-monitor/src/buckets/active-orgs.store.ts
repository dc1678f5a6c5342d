import { Inject, Injectable } from '@nestjs/common';
import type { RedisClient } from '@vantage/transport';
import { BUCKETS_REDIS } from './buckets-redis';
import { PendingKeys } from './pending/pending-keys';

/**
 * The organisations that had traffic flushed lately, by when: one Redis sorted set, so the alert
 * evaluator can watch the statuses of every organisation with traffic, not only of those with
 * alert rules, without reading the bucket collections to find them.
 */
@Injectable()
export class ActiveOrgsStore {
  constructor(
    @Inject(BUCKETS_REDIS) private readonly redis: RedisClient,
    private readonly keys: PendingKeys,
  ) {}

  async touch(orgIds: readonly string[], atMs: number): Promise<void> {
    if (orgIds.length === 0) return;
    await this.redis.zadd(this.keys.activeOrgs(), ...orgIds.flatMap((orgId) => [atMs, orgId]));
  }

  /**
   * Organisations with a flush at or after `sinceMs`, each with the time of its last flush (a
   * mark that changes whenever its stored counts do); older entries are forgotten.
   */
  async since(sinceMs: number): Promise<Map<string, number>> {
    const key = this.keys.activeOrgs();
    await this.redis.zremrangebyscore(key, '-inf', `(${sinceMs}`);
    const flat = await this.redis.zrangebyscore(key, sinceMs, '+inf', 'WITHSCORES');
    const lastFlush = new Map<string, number>();
    for (let at = 0; at + 1 < flat.length; at += 2) {
      lastFlush.set(flat[at] as string, Number(flat[at + 1]));
    }
    return lastFlush;
  }

  /** The time of the organisation's last flush (epoch ms), or null when none is recorded. */
  async lastFlushOf(orgId: string): Promise<number | null> {
    const score = await this.redis.zscore(this.keys.activeOrgs(), orgId);
    return score === null ? null : Number(score);
  }
}
