import { Inject, Injectable } from '@nestjs/common';
import { type Plan, PlanLimitReachedError } from '@vantage/contracts';
import { BaseServiceConfig } from '../config/base-service.config';
import { SERVICE_CONFIG } from '../config/service-tokens';
import { type LockLease, MONGO_WORK_LOCK_TTL_MS, RedisLocks } from '../locks/redis-locks';
import {
  CAPPED_RESOURCE_LABELS,
  type CappedResource,
  parsePlanCaps,
  type PlanCaps,
} from './plan-caps';

/** How long a creation waits behind others of its org and resource (then 503, retry). */
const CAP_LOCK_WAIT_MS = 10_000;

/** One creation under a cap: the pieces OrgCaps runs, in order, holding the org's lock. */
export interface CappedCreation<T> {
  /** What a redelivered message created already: answered as is, whatever the count. */
  readonly existing?: () => Promise<T | null>;
  /** How many the org has now. */
  readonly count: () => Promise<number>;
  readonly create: () => Promise<T>;
}

/**
 * Per-org caps by plan (ORG_CAPS over DEFAULT_PLAN_CAPS). The count and the write that would
 * pass the cap run under one lock per org and resource, so requests arriving together cannot
 * all see room for one more (a count then an insert without it lets N concurrent creations
 * through). Deletions need no lock: they only make room.
 */
@Injectable()
export class OrgCaps {
  private readonly caps: PlanCaps;

  constructor(
    @Inject(SERVICE_CONFIG) config: BaseServiceConfig,
    private readonly locks: RedisLocks,
  ) {
    this.caps = parsePlanCaps(config.ORG_CAPS);
  }

  limitOf(resource: CappedResource, plan: Plan): number {
    return this.caps[resource][plan];
  }

  /** Creates one more, or throws PlanLimitReachedError (409 PLAN_LIMIT_REACHED). */
  create<T>(
    orgId: string,
    plan: Plan,
    resource: CappedResource,
    creation: CappedCreation<T>,
  ): Promise<T> {
    return this.createWithinLimit(orgId, resource, this.limitOf(resource, plan), creation, () =>
      this.limitReached(resource, plan),
    );
  }

  /**
   * The same for a limit that is not the plan's (e.g. SLOs per org): `refusal` is what a
   * creation past it throws. `name` keeps each kind of resource under its own lock.
   */
  createWithinLimit<T>(
    orgId: string,
    name: string,
    limit: number,
    creation: CappedCreation<T>,
    refusal: () => Error,
  ): Promise<T> {
    return this.lockedRoom(orgId, name, limit, creation.count, async (room, lease) => {
      const existing = await creation.existing?.();
      if (existing) return existing;
      if (room < 1) throw refusal();
      await lease.confirm();
      return creation.create();
    });
  }

  /**
   * Runs `fn` with how many more the org may create now (never below 0), holding the lock, for
   * writes that create several at once (a sample batch starting new series).
   */
  withRoom<T>(
    orgId: string,
    plan: Plan,
    resource: CappedResource,
    count: () => Promise<number>,
    fn: (room: number, lease: LockLease) => Promise<T>,
  ): Promise<T> {
    return this.lockedRoom(orgId, resource, this.limitOf(resource, plan), count, fn);
  }

  private lockedRoom<T>(
    orgId: string,
    name: string,
    limit: number,
    count: () => Promise<number>,
    fn: (room: number, lease: LockLease) => Promise<T>,
  ): Promise<T> {
    return this.locks.withLock(
      `caps:${name}:${orgId}`,
      MONGO_WORK_LOCK_TTL_MS,
      CAP_LOCK_WAIT_MS,
      async (lease) => fn(Math.max(0, limit - (await count())), lease),
    );
  }

  limitReached(resource: CappedResource, plan: Plan): PlanLimitReachedError {
    return new PlanLimitReachedError(
      CAPPED_RESOURCE_LABELS[resource],
      this.limitOf(resource, plan),
      plan,
    );
  }
}
