import { Injectable } from '@nestjs/common';
import type Stripe from 'stripe';
import { BillingAccountsService } from '../accounts/billing-accounts.service';
import { BillingAccountRepository } from '../accounts/billing-account.repository';
import { OrgResolver } from '../accounts/org-resolver';
import { InvoiceEventsService } from '../invoices/invoice-events.service';
import { InvoiceRepository } from '../invoices/invoice.repository';
import { SubscriptionEventsService } from '../subscriptions/subscription-events.service';
import { idOf } from '../subscriptions/subscription-snapshot';

export type RouteOutcome = 'processed' | 'ignored';

/** What each Stripe event type does; types billing does not use are acknowledged and ignored. */
@Injectable()
export class StripeEventRouter {
  constructor(
    private readonly accounts: BillingAccountsService,
    private readonly accountRepository: BillingAccountRepository,
    private readonly orgs: OrgResolver,
    private readonly subscriptions: SubscriptionEventsService,
    private readonly invoices: InvoiceEventsService,
    private readonly invoiceRepository: InvoiceRepository,
  ) {}

  async route(event: Stripe.Event): Promise<RouteOutcome> {
    // if/else rather than switch: Stripe's event union has hundreds of types billing ignores.
    if (event.type === 'checkout.session.completed') {
      return this.checkoutCompleted(event.data.object);
    }
    if (
      event.type === 'customer.subscription.created' ||
      event.type === 'customer.subscription.updated' ||
      event.type === 'customer.subscription.deleted' ||
      event.type === 'customer.subscription.trial_will_end' ||
      event.type === 'customer.subscription.paused' ||
      event.type === 'customer.subscription.resumed'
    ) {
      await this.subscriptions.apply(event, event.data.object);
      return 'processed';
    }
    if (
      event.type === 'invoice.finalized' ||
      event.type === 'invoice.paid' ||
      event.type === 'invoice.payment_failed'
    ) {
      await this.invoices.apply(event, event.data.object);
      return 'processed';
    }
    if (event.type === 'customer.updated') return this.customerUpdated(event.data.object);
    if (event.type === 'charge.refunded') {
      await this.chargeRefunded(event, event.data.object);
      return 'processed';
    }
    return 'ignored';
  }

  /**
   * A checkout of ours names its org (client_reference_id): this links the customer, so events
   * of its subscription that came first (and are being retried) find their org.
   */
  private async checkoutCompleted(session: Stripe.Checkout.Session): Promise<RouteOutcome> {
    const orgId = session.client_reference_id ?? session.metadata?.['orgId'] ?? null;
    if (!orgId || session.customer === null) return 'ignored';
    const customerId = idOf(session.customer);
    const linkedOrg = await this.accountRepository.linkCustomer(customerId, orgId, new Date());
    const email = session.customer_details?.email ?? null;
    await this.accounts.update(linkedOrg, (account) => {
      if (account.customerId === null) return { customerId, ...(account.email ? {} : { email }) };
      return null;
    });
    return 'processed';
  }

  /** The billing e-mail follows the customer's, as changed in the portal or the dashboard. */
  private async customerUpdated(customer: Stripe.Customer): Promise<RouteOutcome> {
    const orgId = await this.orgs.orgOfKnown(customer.id, customer.metadata?.['orgId'] ?? null);
    if (orgId === null || !customer.email) return 'ignored';
    const email = customer.email;
    await this.accounts.update(orgId, (account) => (account.email === email ? null : { email }));
    return 'processed';
  }

  private async chargeRefunded(event: Stripe.Event, charge: Stripe.Charge): Promise<void> {
    const customerId = charge.customer === null ? null : idOf(charge.customer);
    const orgId = customerId === null ? null : await this.orgs.orgOfKnown(customerId, null);
    await this.invoiceRepository.recordRefund({
      _id: `${charge.id}:${event.id}`,
      chargeId: charge.id,
      orgId,
      currency: charge.currency,
      amountRefunded: charge.amount_refunded,
      at: new Date(event.created * 1000),
    });
  }
}
