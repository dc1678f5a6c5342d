import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { DunningMailKind, Plan } from '@vantage/contracts';
import type { Logger } from '@vantage/observability';
import { JobScheduler, SERVICE_LOGGER } from '@vantage/service-runtime';
import { BillingAccountRepository } from '../accounts/billing-account.repository';
import type { BillingAccount, Dunning } from '../accounts/billing-account.schema';
import { BillingAccountsService } from '../accounts/billing-accounts.service';
import { BillingConfig } from '../config/billing.config';
import { InvoiceRepository } from '../invoices/invoice.repository';
import type { StoredInvoice } from '../invoices/invoice.schema';
import { BillingMessaging } from '../messaging/billing-messaging';

const DAY_MS = 86_400_000;
const SWEEP_BATCH = 100;

/**
 * Dunning: a failed invoice payment starts a grace period (DUNNING_GRACE_DAYS from the first
 * failure) and has the owner mailed (through reporting) at each failed attempt; paying the
 * invoice ends it; a grace period that runs out drops the org to free (once, on one replica).
 */
@Injectable()
export class DunningService implements OnApplicationBootstrap {
  constructor(
    private readonly config: BillingConfig,
    private readonly accounts: BillingAccountsService,
    private readonly accountRepository: BillingAccountRepository,
    private readonly invoices: InvoiceRepository,
    private readonly messaging: BillingMessaging,
    private readonly jobs: JobScheduler,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    const interval = this.config.DUNNING_SWEEP_INTERVAL_MS;
    if (interval > 0)
      this.jobs.schedule('dunning-grace', interval, async () => {
        await this.sweep(new Date());
      });
  }

  async paymentFailed(orgId: string, invoice: StoredInvoice, failedAt: Date): Promise<void> {
    const account = await this.accounts.update(orgId, (current) =>
      current.dunning
        ? null
        : {
            dunning: {
              invoiceId: invoice._id,
              since: failedAt,
              graceEndsAt: new Date(failedAt.getTime() + this.config.DUNNING_GRACE_DAYS * DAY_MS),
              downgradedAt: null,
            },
          },
    );
    const { dunning } = account;
    if (dunning?.invoiceId !== invoice._id || dunning.downgradedAt) return;
    await this.mail(
      'payment-failed',
      account,
      dunning,
      invoice,
      account.subscription?.plan ?? account.plan,
    );
  }

  async invoicePaid(orgId: string, invoiceId: string): Promise<void> {
    await this.accounts.update(orgId, (account) =>
      account.dunning?.invoiceId === invoiceId ? { dunning: null } : null,
    );
  }

  /** Lowers the plan of every org whose grace period is over; returns how many it lowered. */
  async sweep(now: Date): Promise<number> {
    let lowered = 0;
    for (const expired of await this.accountRepository.graceExpired(now, SWEEP_BATCH)) {
      let planBefore: Plan | null = null;
      const account = await this.accounts.update(expired._id, (current) => {
        const { dunning } = current;
        if (!dunning || dunning.downgradedAt || dunning.graceEndsAt > now) return null;
        planBefore = current.plan;
        return { dunning: { ...dunning, downgradedAt: now } };
      });
      if (planBefore === null || !account.dunning) continue;
      lowered += 1;
      this.logger.info(
        { orgId: account._id, invoiceId: account.dunning.invoiceId },
        'grace period over',
      );
      const invoice = await this.invoices.find(account.dunning.invoiceId);
      if (invoice) await this.mail('downgraded', account, account.dunning, invoice, planBefore);
    }
    return lowered;
  }

  private async mail(
    kind: DunningMailKind,
    account: BillingAccount,
    dunning: Dunning,
    invoice: StoredInvoice,
    plan: Plan,
  ): Promise<void> {
    const recipient = account.email;
    if (!recipient) {
      this.logger.warn(
        { orgId: account._id, kind },
        'dunning mail not sent: no billing e-mail known',
      );
      return;
    }
    await this.messaging.dunningMail({
      dedupeKey:
        kind === 'downgraded'
          ? `${invoice._id}:downgraded`
          : `${invoice._id}:payment-failed:${invoice.attemptCount}`,
      kind,
      orgId: account._id,
      recipients: [recipient],
      plan,
      invoiceId: invoice._id,
      invoiceNumber: invoice.number,
      amountDue: invoice.amountDue,
      currency: invoice.currency,
      hostedInvoiceUrl: invoice.hostedInvoiceUrl,
      attemptCount: invoice.attemptCount,
      nextPaymentAttemptAt: invoice.nextPaymentAttempt?.toISOString() ?? null,
      graceEndsAt: dunning.graceEndsAt.toISOString(),
      occurredAt: (kind === 'downgraded'
        ? (dunning.downgradedAt ?? new Date())
        : new Date()
      ).toISOString(),
    });
  }
}
