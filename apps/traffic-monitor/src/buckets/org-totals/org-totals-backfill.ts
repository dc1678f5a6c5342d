import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { UnavailableError } from '@vantage/contracts';
import type { Logger } from '@vantage/observability';
import { MONGO_WORK_LOCK_TTL_MS, RedisLocks, SERVICE_LOGGER } from '@vantage/service-runtime';
import { TrafficMonitorConfig } from '../../config/traffic-monitor.config';
import { BucketFlusher } from '../bucket-flusher';
import { BUCKET_RESOLUTIONS, type BucketResolution, RESOLUTION_MS } from '../bucket-query';
import { BucketRetentionJob } from '../bucket-retention.job';
import { BucketRepository } from '../bucket.repository';
import type { PendingMember } from '../pending/pending-keys';
import { OrgTotalsRepository, type StoredOrgTotals } from './org-totals.repository';

/** The marker's name: a later version of the rebuild would take a new one. */
export const ORG_TOTALS_BACKFILL = 'org-totals-backfill-v1';
/** Buckets (org, resolution, start) held in memory and written per page. */
const PAGE_BUCKETS = 200;

/** One bucket start of one organisation as its bucket documents add up. */
interface BucketTotals {
  readonly orgId: string;
  readonly resolution: BucketResolution;
  readonly startMs: number;
  readonly counts: Map<string, number>;
  readonly flushes: Set<string>;
}

export interface BackfillSummary {
  /** Totals documents created from buckets that had none. */
  readonly inserted: number;
  /** Documents written by flushes since the upgrade, rewritten to hold older buckets too. */
  readonly recomputed: number;
  /** Documents that already held exactly what their buckets hold. */
  readonly unchanged: number;
  /** Buckets with a flush in progress (left to it; the marker waits for a later start). */
  readonly deferred: number;
}

export type BackfillOutcome =
  | { readonly status: 'done'; readonly summary: BackfillSummary }
  | { readonly status: 'skipped'; readonly reason: string };

/**
 * Rebuilds `traffic_org_totals` from the bucket collections, once, for a deployment upgraded
 * from before that read model existed (docs/traffic-ingest.md, Storage, 5).
 *
 * One pass per resolution over the buckets retention keeps, ordered by (org, start), a page of
 * bucket starts at a time. Each page is written under the flush lock of each org's shard (the
 * lock every flush of that org holds), so no flush interleaves with a check and its write:
 * - no totals document and no flush of that bucket in flight: nothing since the upgrade has
 *   touched these buckets (every finished flush writes the document under the same lock), so
 *   what the pass read is exact; inserted with the bucket flush ids.
 * - a document that holds the same counts and flushes as the buckets: left alone (the usual
 *   case for buckets flushed only since the upgrade), so nothing is counted twice.
 * - a document that differs (the bucket in progress at the upgrade: its document holds only the
 *   flushes since): its buckets are read again under the lock and the document rewritten with
 *   their sums, its flushes the union of its own and the buckets' (so a resumed flush adds
 *   nothing twice).
 * - a flush of that bucket in flight (crashed between buckets and totals): left to the flusher,
 *   retried after the pass; still in flight, the marker is not written and a later start redoes
 *   the (idempotent) rebuild.
 * The marker (a document read by `_id`) makes later starts skip it; one replica at a time runs
 * it (a RedisLocks lock, renewed per page).
 */
@Injectable()
export class OrgTotalsBackfill implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private stopped = false;
  private startup?: Promise<BackfillOutcome>;

  constructor(
    private readonly buckets: BucketRepository,
    private readonly totals: OrgTotalsRepository,
    private readonly flusher: BucketFlusher,
    private readonly retention: BucketRetentionJob,
    private readonly locks: RedisLocks,
    private readonly config: TrafficMonitorConfig,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.ORG_TOTALS_BACKFILL === 'false') return;
    // In the background: a large store takes a while, and the service answers meanwhile
    // (dashboards show what the totals hold so far).
    this.startup = this.runOnce().catch((error: unknown) => {
      this.logger.warn({ err: error }, 'org totals backfill failed; the next start retries');
      return { status: 'skipped', reason: 'failed' } as const;
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.startup;
  }

  /** What the run started at boot did (undefined when disabled). */
  startupOutcome(): Promise<BackfillOutcome> | undefined {
    return this.startup;
  }

  /** The backfill unless its marker says it is done, or another replica is running it. */
  async runOnce(now = new Date()): Promise<BackfillOutcome> {
    if (await this.totals.migrationDoneAt(ORG_TOTALS_BACKFILL)) {
      return { status: 'skipped', reason: 'done before' };
    }
    try {
      return await this.locks.withLock(
        ORG_TOTALS_BACKFILL,
        MONGO_WORK_LOCK_TTL_MS,
        0,
        async (lease): Promise<BackfillOutcome> => {
          // Finished by another replica between the check and the lock.
          if (await this.totals.migrationDoneAt(ORG_TOTALS_BACKFILL)) {
            return { status: 'skipped', reason: 'done before' };
          }
          const summary = await this.run(now, () => lease.confirm());
          if (this.stopped) return { status: 'skipped', reason: 'stopped' };
          if (summary.deferred === 0) {
            await this.totals.markMigrationDone(ORG_TOTALS_BACKFILL, now);
          }
          this.logger.info({ ...summary }, 'org totals backfill finished');
          return { status: 'done', summary };
        },
      );
    } catch (error) {
      if (!(error instanceof UnavailableError)) throw error;
      return { status: 'skipped', reason: 'another replica runs it' };
    }
  }

  /** One rebuild, marker or not (idempotent); `keepLock` is called between pages. */
  async run(
    now = new Date(),
    keepLock: () => Promise<void> = async () => undefined,
  ): Promise<BackfillSummary> {
    const summary = { inserted: 0, recomputed: 0, unchanged: 0, deferred: 0 };
    const deferred: BucketTotals[] = [];
    for (const resolution of BUCKET_RESOLUTIONS) {
      const since = this.retention.cutoff(resolution, now);
      let page: BucketTotals[] = [];
      let current: BucketTotals | undefined;
      const writePage = async (): Promise<void> => {
        await keepLock();
        deferred.push(...(await this.writePage(page, summary)));
        this.logger.info({ resolution, ...summary }, 'org totals backfill progress');
        page = [];
      };
      await this.buckets
        .forEachSince(resolution, since, async (row) => {
          if (this.stopped) throw new BackfillStopped();
          const startMs = row.start.getTime();
          if (current?.orgId !== row.orgId || current.startMs !== startMs) {
            if (page.length >= PAGE_BUCKETS) await writePage();
            current = {
              orgId: row.orgId,
              resolution,
              startMs,
              counts: new Map(),
              flushes: new Set(),
            };
            page.push(current);
          }
          add(current, row.eventId, row.count, row.flushes);
        })
        .catch((error: unknown) => {
          if (!(error instanceof BackfillStopped)) throw error;
        });
      if (this.stopped) return summary;
      await writePage();
    }
    // Flushes in flight during the pass have most likely finished by now: read those again.
    summary.deferred = (await this.writePage(await this.reread(deferred), summary)).length;
    return summary;
  }

  /** Writes a page, org by org under its shard's flush lock; answers the buckets deferred. */
  private async writePage(
    page: readonly BucketTotals[],
    summary: { inserted: number; recomputed: number; unchanged: number },
  ): Promise<BucketTotals[]> {
    const deferred: BucketTotals[] = [];
    for (const [orgId, ofOrg] of byOrg(page)) {
      await this.flusher.withShardLockOf(orgId, async (inFlight, confirm) => {
        for (const bucket of ofOrg) {
          if (inFlight.some((member) => isMemberOf(member, bucket))) {
            deferred.push(bucket);
            continue;
          }
          const outcome = await this.writeOne(bucket, confirm);
          summary[outcome] += 1;
        }
      });
    }
    return deferred;
  }

  private async writeOne(
    bucket: BucketTotals,
    confirm: () => Promise<void>,
  ): Promise<'inserted' | 'recomputed' | 'unchanged'> {
    const { orgId, resolution, startMs } = bucket;
    const [existing] = await this.totals.read(orgId, resolution, [startMs]);
    if (!existing) {
      await confirm();
      const flushes = [...bucket.flushes];
      if (await this.totals.store(orgId, resolution, startMs, bucket.counts, flushes, false)) {
        return 'inserted';
      }
    } else if (holdsExactly(existing, bucket)) {
      return 'unchanged';
    }
    // A document written by flushes since the upgrade (or one that appeared meanwhile): the
    // pass may have read these buckets before such a flush, so they are read again here.
    const [fresh] = await this.reread([bucket]);
    const [latest] = await this.totals.read(orgId, resolution, [startMs]);
    const flushes = new Set([...(latest?.flushes ?? []), ...(fresh?.flushes ?? [])]);
    await confirm();
    await this.totals.store(
      orgId,
      resolution,
      startMs,
      fresh?.counts ?? new Map(),
      [...flushes],
      true,
    );
    return 'recomputed';
  }

  /** The buckets of these starts as stored now (one keyed-by-org query each). */
  private async reread(starts: readonly BucketTotals[]): Promise<BucketTotals[]> {
    const fresh: BucketTotals[] = [];
    for (const { orgId, resolution, startMs } of starts) {
      const bucket: BucketTotals = {
        orgId,
        resolution,
        startMs,
        counts: new Map(),
        flushes: new Set(),
      };
      await this.buckets.forEach(
        {
          orgId,
          resolution,
          from: new Date(startMs),
          to: new Date(startMs + RESOLUTION_MS[resolution]),
        },
        true,
        (row) => add(bucket, row.eventId, row.count, row.flushes),
      );
      fresh.push(bucket);
    }
    return fresh;
  }
}

class BackfillStopped extends Error {}

function add(
  bucket: BucketTotals,
  eventId: string,
  count: number,
  flushes: readonly string[] | undefined,
): void {
  bucket.counts.set(eventId, (bucket.counts.get(eventId) ?? 0) + count);
  for (const flushId of flushes ?? []) bucket.flushes.add(flushId);
}

function holdsExactly(existing: StoredOrgTotals, bucket: BucketTotals): boolean {
  if (existing.counts.size !== bucket.counts.size) return false;
  for (const [eventId, count] of bucket.counts) {
    if (existing.counts.get(eventId) !== count) return false;
  }
  if (existing.flushes.size !== bucket.flushes.size) return false;
  return [...bucket.flushes].every((flushId) => existing.flushes.has(flushId));
}

function isMemberOf(member: PendingMember, bucket: BucketTotals): boolean {
  return (
    member.orgId === bucket.orgId &&
    member.resolution === bucket.resolution &&
    member.startMs === bucket.startMs
  );
}

function byOrg(page: readonly BucketTotals[]): Map<string, BucketTotals[]> {
  const grouped = new Map<string, BucketTotals[]>();
  for (const bucket of page) {
    const ofOrg = grouped.get(bucket.orgId);
    if (ofOrg) ofOrg.push(bucket);
    else grouped.set(bucket.orgId, [bucket]);
  }
  return grouped;
}
