import { Inject, Injectable } from '@nestjs/common';
import { UnavailableError } from '@vantage/contracts';
import type { Logger } from '@vantage/observability';
import { RedisLocks, SERVICE_LOGGER } from '@vantage/service-runtime';
import { BillingMessaging } from '../messaging/billing-messaging';
import { type AccountChanges, BillingAccountRepository } from './billing-account.repository';
import type { BillingAccount } from './billing-account.schema';
import { effectivePlan } from './effective-plan';

/** Attempts at a change that others keep changing under us; each loses only to real progress. */
const MAX_ATTEMPTS = 20;
/** How long one org's change may hold its lock, and how long another waits for it. */
const LOCK_TTL_MS = 15_000;
const LOCK_WAIT_MS = 10_000;

/**
 * Changes to an org's billing account, and the plan that follows from them: a change is
 * decided on the account as read and written only if nobody changed it meanwhile (else decided
 * again); a resulting plan change is broadcast to every gateway, and broadcast again by the
 * next change of the org if this broadcast was lost.
 */
@Injectable()
export class BillingAccountsService {
  constructor(
    private readonly accounts: BillingAccountRepository,
    private readonly messaging: BillingMessaging,
    private readonly locks: RedisLocks,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {}

  get(orgId: string): Promise<BillingAccount> {
    return this.accounts.findOrCreate(orgId, new Date());
  }

  /**
   * `decide` returns the changes to make, or null for none; it may run more than once. One
   * change per org at a time across replicas (a Redis lock), and the version check besides.
   */
  update(
    orgId: string,
    decide: (account: BillingAccount) => AccountChanges | null,
  ): Promise<BillingAccount> {
    return this.locks.withLock(`account:${orgId}`, LOCK_TTL_MS, LOCK_WAIT_MS, () =>
      this.updateHoldingLock(orgId, decide),
    );
  }

  private async updateHoldingLock(
    orgId: string,
    decide: (account: BillingAccount) => AccountChanges | null,
  ): Promise<BillingAccount> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const now = new Date();
      const account = await this.accounts.findOrCreate(orgId, now);
      const decided = decide(account);
      if (decided === null) {
        await this.announcePending(account);
        return account;
      }
      const changes: AccountChanges = { ...decided };
      const plan = effectivePlan({ ...account, ...changes });
      if (plan !== account.plan) {
        changes.plan = plan;
        // Strictly later than the last change, so the gateways order two changes of one org.
        changes.planChangedAt = new Date(
          Math.max(now.getTime(), account.planChangedAt.getTime() + 1),
        );
      }
      const updated = await this.accounts.updateIfUnchanged(orgId, account.version, changes, now);
      if (updated) {
        if (plan !== account.plan) {
          this.logger.info({ orgId, from: account.plan, to: plan }, 'plan changed');
        }
        await this.announcePending(updated);
        return updated;
      }
    }
    throw new UnavailableError(`billing account ${orgId} is changing too often; retry`, 1);
  }

  private async announcePending(account: BillingAccount): Promise<void> {
    const announced = account.planAnnouncedAt?.getTime() ?? 0;
    if (announced >= account.planChangedAt.getTime()) return;
    await this.messaging.planChanged({
      orgId: account._id,
      plan: account.plan,
      changedAt: account.planChangedAt.toISOString(),
    });
    await this.accounts.markAnnounced(account._id, account.planChangedAt);
  }
}
