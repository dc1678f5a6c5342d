import { Injectable } from '@nestjs/common';
import {
  type CheckoutSessionDto,
  type CheckoutSessionMessage,
  ConflictError,
  type CreatePortalSessionDto,
  ErrorCode,
  type InvoiceListDto,
  type InvoiceListQueryDto,
  NotConfiguredError,
  NotFoundError,
  type PortalSessionDto,
  type SubscriptionDto,
  UnavailableError,
  ValidationFailedError,
} from '@vantage/contracts';
import { BillingAccountRepository } from '../accounts/billing-account.repository';
import type { BillingAccount, CurrentSubscription } from '../accounts/billing-account.schema';
import { BillingAccountsService } from '../accounts/billing-accounts.service';
import { holdsPlan } from '../accounts/effective-plan';
import { InvoiceRepository } from '../invoices/invoice.repository';
import { priceVariableOf } from '../plans/configured-prices';
import { PriceCatalog } from '../plans/price-catalog';
import { StripeGateway } from '../stripe/stripe-gateway';
import { toInvoiceDto, toSubscriptionDto } from './billing-views';

/**
 * What an org does with its billing: subscribe through Stripe Checkout, manage it in the
 * customer portal, cancel at period end or resume, read its subscription and invoices. Stripe
 * is called first and billing's own state written after it succeeded, so Stripe being down
 * (503) leaves nothing half done; every mutating call carries an idempotency key derived from
 * the org and the message, so a redelivered message repeats nothing at Stripe.
 */
@Injectable()
export class OrgBillingService {
  constructor(
    private readonly accounts: BillingAccountsService,
    private readonly accountRepository: BillingAccountRepository,
    private readonly invoices: InvoiceRepository,
    private readonly catalog: PriceCatalog,
    private readonly stripe: StripeGateway,
  ) {}

  async subscription(orgId: string): Promise<SubscriptionDto> {
    return toSubscriptionDto(await this.accounts.get(orgId));
  }

  async createCheckoutSession(
    orgId: string,
    input: CheckoutSessionMessage,
    messageId: string,
  ): Promise<CheckoutSessionDto> {
    const interval = input.interval ?? 'month';
    const price = this.catalog.priceIdOf(input.plan, interval);
    // The plan and interval are valid (the DTO allows only those sold): a missing price is this
    // server's configuration, not the client's mistake.
    if (price === null) {
      throw new NotConfiguredError(
        ErrorCode.BillingPriceNotConfigured,
        `the ${input.plan} plan cannot be bought per ${interval} on this server yet: billing has ` +
          `no Stripe price for it (operator: set ${priceVariableOf(input.plan, interval)}; ` +
          '`npm run billing:seed` creates the prices)',
      );
    }
    const account = await this.accounts.get(orgId);
    if (holdsPlan(account.subscription)) {
      throw new ConflictError(
        'the organisation has a subscription; change it in the customer portal',
      );
    }
    const customer = await this.ensureCustomer(account, input.ownerEmail);
    const session = await this.stripe.call('checkout session creation', (stripe) =>
      stripe.checkout.sessions.create(
        {
          mode: 'subscription',
          customer,
          client_reference_id: orgId,
          line_items: [{ price, quantity: 1 }],
          success_url: input.successUrl,
          cancel_url: input.cancelUrl,
          metadata: { orgId },
          subscription_data: { metadata: { orgId } },
        },
        { idempotencyKey: `checkout:${orgId}:${messageId}` },
      ),
    );
    if (!session.url) throw new UnavailableError('Stripe gave no checkout page; retry', 5);
    return { id: session.id, url: session.url };
  }

  async createPortalSession(
    orgId: string,
    input: CreatePortalSessionDto,
    messageId: string,
  ): Promise<PortalSessionDto> {
    const account = await this.accounts.get(orgId);
    const customer = account.customerId;
    if (customer === null)
      throw new NotFoundError('the organisation has no billing account yet: subscribe first');
    const session = await this.stripe.call('portal session creation', (stripe) =>
      stripe.billingPortal.sessions.create(
        { customer, return_url: input.returnUrl },
        { idempotencyKey: `portal:${orgId}:${messageId}` },
      ),
    );
    return { url: session.url };
  }

  cancel(orgId: string, messageId: string): Promise<SubscriptionDto> {
    return this.setCancelAtPeriodEnd(orgId, true, messageId);
  }

  resume(orgId: string, messageId: string): Promise<SubscriptionDto> {
    return this.setCancelAtPeriodEnd(orgId, false, messageId);
  }

  async invoiceList(orgId: string, query: InvoiceListQueryDto): Promise<InvoiceListDto> {
    const limit = query.limit ?? 20;
    const page = await this.invoices.page(orgId, limit + 1, decodeCursor(query.after));
    const items = page.slice(0, limit);
    const last = items.at(-1);
    return {
      items: items.map(toInvoiceDto),
      next: page.length > limit && last ? encodeCursor(last.created, last._id) : null,
    };
  }

  /**
   * The org's Stripe customer, created once: the idempotency key is the org's, so replicas (or
   * retries) creating it at once get the same customer from Stripe.
   */
  private async ensureCustomer(account: BillingAccount, email: string): Promise<string> {
    if (account.customerId !== null) return account.customerId;
    const orgId = account._id;
    const customer = await this.stripe.call('customer creation', (stripe) =>
      stripe.customers.create(
        { email, metadata: { orgId } },
        { idempotencyKey: `customer:${orgId}` },
      ),
    );
    await this.accountRepository.linkCustomer(customer.id, orgId, new Date());
    const updated = await this.accounts.update(orgId, (current) =>
      current.customerId === null
        ? { customerId: customer.id, email: current.email ?? email }
        : null,
    );
    return updated.customerId ?? customer.id;
  }

  private async setCancelAtPeriodEnd(
    orgId: string,
    cancel: boolean,
    messageId: string,
  ): Promise<SubscriptionDto> {
    const account = await this.accounts.get(orgId);
    const subscription = account.subscription;
    if (!holdsPlan(subscription) || subscription === null) {
      throw new NotFoundError('the organisation has no subscription to change');
    }
    if (subscription.cancelAtPeriodEnd === cancel) return toSubscriptionDto(account);
    const updated = await this.stripe.call(cancel ? 'cancellation' : 'resumption', (stripe) =>
      stripe.subscriptions.update(
        subscription.id,
        { cancel_at_period_end: cancel },
        { idempotencyKey: `${cancel ? 'cancel' : 'resume'}:${subscription.id}:${messageId}` },
      ),
    );
    // Stripe's answer is the newest state of these two fields; the webhook that follows brings
    // the whole subscription (and is newer still).
    const asOf = Math.floor(Date.now() / 1000);
    const changed: CurrentSubscription = {
      ...subscription,
      cancelAtPeriodEnd: updated.cancel_at_period_end,
      cancelAt: updated.cancel_at,
      version: { asOf, rank: subscription.version.rank },
    };
    const saved = await this.accounts.update(orgId, (current) =>
      current.subscription?.id === subscription.id && current.subscription.version.asOf <= asOf
        ? { subscription: { ...current.subscription, ...pick(changed) } }
        : null,
    );
    return toSubscriptionDto(saved);
  }
}

function pick(subscription: CurrentSubscription): Partial<CurrentSubscription> {
  return {
    cancelAtPeriodEnd: subscription.cancelAtPeriodEnd,
    cancelAt: subscription.cancelAt,
    version: subscription.version,
  };
}

function encodeCursor(created: Date, id: string): string {
  return Buffer.from(`${created.getTime()}:${id}`).toString('base64url');
}

function decodeCursor(after: string | undefined): { created: Date; id: string } | null {
  if (after === undefined) return null;
  const [ms, id] = Buffer.from(after, 'base64url').toString().split(/:(.*)/s, 2);
  const time = Number(ms);
  if (!id || !/^\d+$/.test(ms ?? '') || !Number.isSafeInteger(time)) {
    throw new ValidationFailedError('after is not a cursor of this list');
  }
  return { created: new Date(time), id };
}
