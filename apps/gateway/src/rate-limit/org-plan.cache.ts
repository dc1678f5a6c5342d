import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type Model, trusted } from 'mongoose';
import { isPlan, type Plan } from '@vantage/contracts';
import type { Logger } from '@vantage/observability';
import { RedisLocks, SERVICE_LOGGER } from '@vantage/service-runtime';
import { Organization } from '../identity/identity.schemas';
import { ORG_LOCK_TTL_MS, ORG_LOCK_WAIT_MS, orgLockName } from '../orgs/org-lock';

export interface OrgPlanCacheSettings {
  /** How long a plan read from MongoDB is used before it is read again. */
  readonly ttlMs: number;
  /** Orgs remembered at most; the least recently used is forgotten first. */
  readonly maxEntries: number;
  /** A read slower than this counts as MongoDB being down. */
  readonly loadTimeoutMs: number;
  /** While MongoDB is down, how long a fallback answer stands before MongoDB is tried again. */
  readonly retryAfterFailureMs: number;
  readonly now: () => number;
}

export const ORG_PLAN_CACHE_SETTINGS = Symbol('ORG_PLAN_CACHE_SETTINGS');

export const DEFAULT_ORG_PLAN_CACHE_SETTINGS: OrgPlanCacheSettings = {
  ttlMs: 60_000,
  maxEntries: 10_000,
  loadTimeoutMs: 1000,
  retryAfterFailureMs: 5000,
  now: Date.now,
};

/** A plan change as billing announces it; `changedAt` orders changes. */
export interface PlanChange {
  readonly orgId: string;
  readonly plan: Plan;
  readonly changedAt: Date;
}

export type PlanChangeOutcome = 'applied' | 'stale';

interface PlanEntry {
  readonly plan: Plan;
  /** When billing changed to this plan (ms); -1 for a fallback that knows nothing. */
  readonly planChangedAt: number;
  /** Until when the entry is used without asking MongoDB. */
  readonly freshUntil: number;
}

/** The plan of an org that MongoDB does not know (or never told us): the smallest allowance. */
const FALLBACK_PLAN: Plan = 'free';

/**
 * Each org's plan, for rate limits on every request: read from MongoDB at most once per org per
 * TTL, and updated at once on every gateway replica by billing's plan-changed broadcast. A
 * MongoDB outage never fails a request: the last plan known is used, else `free`.
 */
@Injectable()
export class OrgPlanCache {
  private readonly entries = new Map<string, PlanEntry>();
  private readonly loading = new Map<string, Promise<Plan>>();
  private readonly settings: OrgPlanCacheSettings;
  private mongoDown = false;

  constructor(
    @InjectModel(Organization.name) private readonly orgs: Model<Organization>,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
    private readonly locks: RedisLocks,
    @Optional() @Inject(ORG_PLAN_CACHE_SETTINGS) settings?: Partial<OrgPlanCacheSettings>,
  ) {
    this.settings = { ...DEFAULT_ORG_PLAN_CACHE_SETTINGS, ...settings };
  }

  async planOf(orgId: string): Promise<Plan> {
    const entry = this.entries.get(orgId);
    if (entry && entry.freshUntil > this.settings.now()) {
      this.remember(orgId, entry); // refreshes its place in the LRU order
      return entry.plan;
    }
    // Concurrent requests of one org share one read.
    let pending = this.loading.get(orgId);
    if (!pending) {
      pending = this.load(orgId).finally(() => this.loading.delete(orgId));
      this.loading.set(orgId, pending);
    }
    return pending;
  }

  /**
   * Applies billing's announcement here and in the org's document. An announcement older than
   * what this replica knows is ignored; the document is changed only if its own planChangedAt is
   * older, so the same broadcast handled by every replica (or twice) changes it once. Written
   * under the org's lock, as settings changes are: FerretDB writes an update back as the whole
   * document it read, so a rename interleaved with this write used to put the old plan back.
   * `onSaved` hears of the change (with the plan it replaced) on the one replica that saved it.
   */
  async applyPlanChange(
    change: PlanChange,
    onSaved?: (previousPlan: Plan) => void,
  ): Promise<PlanChangeOutcome> {
    const changedAt = change.changedAt.getTime();
    const known = this.entries.get(change.orgId);
    if (known && known.planChangedAt >= changedAt) return 'stale';

    this.remember(change.orgId, {
      plan: change.plan,
      planChangedAt: changedAt,
      freshUntil: this.settings.now() + this.settings.ttlMs,
    });
    try {
      this.assertConnected();
      const previous = await this.locks.withLock(
        orgLockName(change.orgId),
        ORG_LOCK_TTL_MS,
        ORG_LOCK_WAIT_MS,
        () =>
          this.orgs
            .findOneAndUpdate(
              {
                _id: change.orgId,
                $or: [
                  { planChangedAt: trusted({ $lt: change.changedAt }) },
                  { planChangedAt: null },
                ],
              },
              { $set: { plan: change.plan, planChangedAt: change.changedAt } },
            )
            .lean<Pick<Organization, 'plan'>>()
            .exec(),
      );
      if (previous) onSaved?.(previous.plan);
      if (!previous && !known) {
        // The document is as new or newer (another replica got there first, or this is a late
        // announcement this replica could not judge, knowing nothing of the org): read it next time.
        this.expire(change.orgId, changedAt);
      }
    } catch (error) {
      // The announcement stays in effect here; the document catches up with the next change.
      this.logger.warn(
        { err: error, orgId: change.orgId, plan: change.plan },
        'plan change not saved: mongodb or the lock unavailable',
      );
    }
    return 'applied';
  }

  private async load(orgId: string): Promise<Plan> {
    const now = this.settings.now();
    try {
      const doc = await this.readOrg(orgId);
      const loaded: PlanEntry = {
        plan: doc && isPlan(doc.plan) ? doc.plan : FALLBACK_PLAN,
        planChangedAt: doc?.planChangedAt ? new Date(doc.planChangedAt).getTime() : -1,
        freshUntil: now + this.settings.ttlMs,
      };
      // A broadcast may have arrived while the read ran: the newer change wins.
      const current = this.entries.get(orgId);
      const winner =
        current && current.planChangedAt > loaded.planChangedAt
          ? { ...current, freshUntil: loaded.freshUntil }
          : loaded;
      this.remember(orgId, winner);
      if (this.mongoDown) {
        this.mongoDown = false;
        this.logger.info('org plans readable again');
      }
      return winner.plan;
    } catch (error) {
      if (!this.mongoDown) {
        this.mongoDown = true;
        this.logger.warn(
          { err: error, orgId },
          'org plan unreadable: using the last known plan, else free',
        );
      }
      const last = this.entries.get(orgId);
      // Asking again on every request of an outage would only add latency.
      this.remember(orgId, {
        plan: last?.plan ?? FALLBACK_PLAN,
        planChangedAt: last?.planChangedAt ?? -1,
        freshUntil: now + this.settings.retryAfterFailureMs,
      });
      return last?.plan ?? FALLBACK_PLAN;
    }
  }

  private async readOrg(
    orgId: string,
  ): Promise<Pick<Organization, 'plan' | 'planChangedAt'> | null> {
    this.assertConnected();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error(`org plan read exceeded ${this.settings.loadTimeoutMs} ms`)),
        this.settings.loadTimeoutMs,
      );
    });
    try {
      const query = this.orgs
        .findById(orgId, { plan: 1, planChangedAt: 1 })
        .maxTimeMS(this.settings.loadTimeoutMs)
        .lean<Pick<Organization, 'plan' | 'planChangedAt'>>()
        .exec();
      return await Promise.race([query, deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Mongoose would hold a query while disconnected (up to 10 s): fail at once instead. */
  private assertConnected(): void {
    if (this.orgs.db.readyState !== 1) throw new Error('mongodb is not connected');
  }

  /** Makes the next lookup read MongoDB, unless a newer change replaced the entry meanwhile. */
  private expire(orgId: string, planChangedAt: number): void {
    const entry = this.entries.get(orgId);
    if (entry && entry.planChangedAt === planChangedAt) {
      this.entries.set(orgId, { ...entry, freshUntil: 0 });
    }
  }

  private remember(orgId: string, entry: PlanEntry): void {
    this.entries.delete(orgId);
    this.entries.set(orgId, entry);
    if (this.entries.size > this.settings.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }
}
