import { randomBytes } from 'node:crypto';
import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  OnApplicationBootstrap,
} from '@nestjs/common';
import type { Logger } from '@vantage/observability';
import { SERVICE_IDENTITY, SERVICE_LOGGER, type ServiceIdentity } from '@vantage/service-runtime';
import { TrafficMonitorConfig } from '../config/traffic-monitor.config';
import { EventIdCatalogue } from '../event-ids/event-id-catalogue';
import { TrafficLivePublisher } from '../live/traffic-live.publisher';
import { TrafficSeriesFeed } from '../series-feed/traffic-series-feed';
import { ActiveOrgsStore } from './active-orgs.store';
import { BucketIncrement, BucketRepository } from './bucket.repository';
import { BucketsMetrics } from './buckets.metrics';
import { FlushedCounts } from './flushed-counts';
import { OrgTotalsRepository } from './org-totals/org-totals.repository';
import { PendingBucketStore, PendingPart } from './pending/pending-bucket.store';
import type { PendingMember } from './pending/pending-keys';
import { bucketId, parseSeriesKey } from './series-key';

/** A shard lock outlives a stalled flusher by this much; renewed after every bucket. */
const LOCK_TTL_MS = 30_000;
/** How long flushNow waits for another replica to release a shard. */
const LOCK_WAIT_MS = 60_000;
const LOCK_POLL_MS = 25;
const DUE_PAGE = 200;

export interface FlushSummary {
  /** Pending hashes moved to MongoDB (one per resolution, org and bucket start). */
  readonly buckets: number;
  /** Bucket documents inserted or incremented. */
  readonly documents: number;
}

/**
 * Moves pending counts from Redis to the MongoDB bucket collections (protocol and guarantees in
 * docs/traffic-ingest.md). Every replica runs this loop; a shard is flushed by whichever replica
 * takes its lock, so replicas share the work. A bucket is flushed once it has ended (plus
 * INGEST_FLUSH_GRACE_MS); `flushNow()` flushes every pending bucket, open ones too.
 *
 * Crash safety, per pending hash: RENAME live -> flushing (atomic, with an in-flight entry);
 * write the counts with the hash's flush id; DEL flushing. A crash before the DEL leaves the
 * in-flight entry, and the next pass of any replica re-applies the same hash with the same flush
 * id: buckets that already hold the id are skipped, so nothing is lost or counted twice.
 *
 * After each shard, every organisation whose minute counts were written gets one
 * `traffic.counts.flushed` live update, and is marked active for the status watch.
 */
@Injectable()
export class BucketFlusher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly token: string;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  /** Passes of this replica run one at a time (the loop and flushNow share it). */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: PendingBucketStore,
    private readonly repository: BucketRepository,
    private readonly metrics: BucketsMetrics,
    private readonly eventIds: EventIdCatalogue,
    private readonly activeOrgs: ActiveOrgsStore,
    private readonly live: TrafficLivePublisher,
    private readonly orgTotals: OrgTotalsRepository,
    private readonly seriesFeed: TrafficSeriesFeed,
    private readonly config: TrafficMonitorConfig,
    @Inject(SERVICE_IDENTITY) identity: ServiceIdentity,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {
    this.token = `${identity.instanceId}:${randomBytes(6).toString('hex')}`;
  }

  onApplicationBootstrap(): void {
    this.arm();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.queue.catch(() => undefined);
  }

  /** Flushes every pending bucket of every shard, open ones included (tests, bench, drain). */
  flushNow(): Promise<FlushSummary> {
    return this.exclusive(async () => {
      let total: FlushSummary = { buckets: 0, documents: 0 };
      for (const shard of this.store.keys.allShards()) {
        await this.waitForLock(shard);
        total = sum(total, await this.flushLockedShard(shard, Number.POSITIVE_INFINITY));
      }
      return total;
    });
  }

  /**
   * Runs `work` holding the flush lock of the organisation's shard, so no flush of its buckets
   * (by any replica) runs meanwhile: the totals backfill rewrites a bucket's totals there.
   * `work` is told the shard's unfinished flushes, and must call `confirm` before each write
   * (it renews the lock, and throws if the lock was lost).
   */
  async withShardLockOf<T>(
    orgId: string,
    work: (inFlight: readonly PendingMember[], confirm: () => Promise<void>) => Promise<T>,
  ): Promise<T> {
    const shard = this.store.keys.shardOf(orgId);
    await this.waitForLock(shard);
    try {
      return await work(await this.store.inFlightMembers(shard), async () => {
        if (!(await this.store.renewLock(shard, this.token, LOCK_TTL_MS))) {
          throw new Error(`the flush lock of shard ${shard} was lost`);
        }
      });
    } finally {
      await this.store.releaseLock(shard, this.token).catch(() => undefined);
    }
  }

  private arm(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.exclusive(() => this.flushDue())
        .catch((error: unknown) => this.logger.warn({ err: error }, 'bucket flush pass failed'))
        .finally(() => this.arm());
    }, this.config.INGEST_FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  /** One pass of the loop: every shard with due or unfinished work whose lock is free. */
  private async flushDue(): Promise<void> {
    const now = Date.now();
    let lagMs = 0;
    for (const shard of shuffled(this.store.keys.allShards())) {
      if (this.stopped) return;
      const oldest = await this.store.oldestDueAt(shard);
      if (oldest !== undefined) lagMs = Math.max(lagMs, now - oldest);
      const hasDue = oldest !== undefined && oldest <= now;
      if (!hasDue && (await this.store.inFlightMembers(shard)).length === 0) continue;
      if (!(await this.store.tryLock(shard, this.token, LOCK_TTL_MS))) continue;
      await this.flushLockedShard(shard, now);
    }
    this.metrics.flushLag.set(lagMs / 1000);
  }

  /** Resumes unfinished flushes, then flushes buckets due by `untilMs`; releases the lock. */
  private async flushLockedShard(shard: number, untilMs: number): Promise<FlushSummary> {
    const flushed = new FlushedCounts();
    try {
      return await this.flushShardInto(shard, untilMs, flushed);
    } finally {
      await this.announce(flushed);
      await this.seriesFeed.publish();
    }
  }

  /** Tells /ws what was written, once per organisation; a failure never fails the flush. */
  private async announce(flushed: FlushedCounts): Promise<void> {
    const updates = flushed.updates();
    if (updates.length === 0) return;
    await this.activeOrgs
      .touch(
        updates.map(([orgId]) => orgId),
        Date.now(),
      )
      .catch((error: unknown) =>
        this.logger.warn({ err: error }, 'active organisations not recorded'),
      );
    await Promise.all(updates.map(([orgId, update]) => this.live.countsFlushed(orgId, update)));
  }

  private async flushShardInto(
    shard: number,
    untilMs: number,
    flushed: FlushedCounts,
  ): Promise<FlushSummary> {
    const stopTimer = this.metrics.flushSeconds.startTimer();
    let total: FlushSummary = { buckets: 0, documents: 0 };
    try {
      for (const member of await this.store.inFlightMembers(shard)) {
        const part = await this.store.readFlushing(member);
        if (part) total = sum(total, await this.apply(member, part, flushed));
        else await this.store.forgetInFlight(member);
        if (!(await this.store.renewLock(shard, this.token, LOCK_TTL_MS))) return total;
      }
      const seen = new Set<string>();
      for (;;) {
        const due = (await this.store.dueMembers(shard, untilMs, DUE_PAGE + seen.size)).filter(
          (member) => !seen.has(this.store.keys.member(member)),
        );
        if (due.length === 0) return total;
        for (const member of due) {
          seen.add(this.store.keys.member(member));
          if (!(await this.store.claim(member))) continue;
          const part = await this.store.readFlushing(member);
          if (part) total = sum(total, await this.apply(member, part, flushed));
          if (!(await this.store.renewLock(shard, this.token, LOCK_TTL_MS))) return total;
        }
      }
    } finally {
      await this.store.releaseLock(shard, this.token).catch(() => undefined);
      stopTimer();
      if (total.buckets > 0) this.logger.debug({ shard, ...total }, 'buckets flushed');
    }
  }

  private async apply(
    member: PendingMember,
    part: PendingPart,
    flushed: FlushedCounts,
  ): Promise<FlushSummary> {
    const start = new Date(member.startMs);
    const increments: BucketIncrement[] = [];
    for (const [key, count] of part.counts) {
      if (count === 0) continue;
      const series = parseSeriesKey(key);
      increments.push({
        id: bucketId(member.orgId, member.startMs, key),
        orgId: member.orgId,
        eventId: series.eventId,
        dims: series.dimensions,
        start,
        count,
      });
    }
    await this.repository.applyFlush(member.resolution, part.flushId, increments);
    // The dashboard's read model, before the pending hash goes (see OrgTotalsRepository.add).
    await this.orgTotals.add(
      member.orgId,
      member.resolution,
      member.startMs,
      part.flushId,
      increments,
    );
    await this.store.finish(member, part.flushId);
    await this.eventIds.record(
      member.orgId,
      increments.map((increment) => increment.eventId),
    );
    if (member.resolution === 'minute') {
      this.seriesFeed.addMinute(
        member.orgId,
        member.startMs,
        increments.map((increment) => increment.eventId),
      );
      flushed.addMinute(
        member.orgId,
        member.startMs,
        increments.map((increment) => [increment.eventId, increment.count]),
      );
    }
    this.metrics.bucketsFlushed.inc({ resolution: member.resolution }, increments.length);
    return { buckets: 1, documents: increments.length };
  }

  private async waitForLock(shard: number): Promise<void> {
    const deadline = Date.now() + LOCK_WAIT_MS;
    while (!(await this.store.tryLock(shard, this.token, LOCK_TTL_MS))) {
      if (Date.now() > deadline) throw new Error(`shard ${shard} stayed locked by another flusher`);
      await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
    }
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

function sum(a: FlushSummary, b: FlushSummary): FlushSummary {
  return { buckets: a.buckets + b.buckets, documents: a.documents + b.documents };
}

/** Replicas start at different shards, so two idle replicas do not contend shard by shard. */
function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}
