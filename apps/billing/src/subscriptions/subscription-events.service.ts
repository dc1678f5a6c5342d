import { Injectable } from '@nestjs/common';
import type Stripe from 'stripe';
import { BillingAccountsService } from '../accounts/billing-accounts.service';
import { chooseSubscription } from '../accounts/effective-plan';
import { OrgResolver } from '../accounts/org-resolver';
import { PriceCatalog } from '../plans/price-catalog';
import { StripeGateway } from '../stripe/stripe-gateway';
import { SubscriptionRevisionRepository } from './subscription-revision.repository';
import { hasUnexpandedDiscounts, toSnapshot, versionOf } from './subscription-snapshot';

/**
 * customer.subscription.* events: each state is kept as a revision (for revenue history), and
 * the org's plan follows the newest state of its current subscription, whatever order the
 * events arrive in.
 */
@Injectable()
export class SubscriptionEventsService {
  constructor(
    private readonly accounts: BillingAccountsService,
    private readonly orgs: OrgResolver,
    private readonly revisions: SubscriptionRevisionRepository,
    private readonly catalog: PriceCatalog,
    private readonly stripe: StripeGateway,
  ) {}

  async apply(event: Stripe.Event, eventSubscription: Stripe.Subscription): Promise<void> {
    const subscription = await this.withDiscountTerms(eventSubscription);
    const snapshot = toSnapshot(subscription, this.catalog);
    const orgId = await this.orgs.orgOf(snapshot.customerId, snapshot.orgIdHint);
    const version = versionOf(event);
    await this.revisions.record({
      _id: `${snapshot.id}:${event.id}`,
      subscriptionId: snapshot.id,
      orgId,
      asOf: version.asOf,
      rank: version.rank,
      snapshot,
    });
    await this.accounts.update(orgId, (account) => {
      const current = account.subscription;
      const chosen = chooseSubscription(current, { ...snapshot, version });
      if (chosen === current) return null;
      // A subscription that ended takes its dunning with it: nothing is owed any more.
      const ended = chosen.status === 'canceled' || chosen.status === 'incomplete_expired';
      return ended && account.dunning
        ? { subscription: chosen, dunning: null }
        : { subscription: chosen };
    });
  }

  /**
   * Webhook payloads name discounts by id only: their coupon terms (which MRR needs) come from
   * Stripe, asked for the subscription with its discounts expanded.
   */
  private async withDiscountTerms(subscription: Stripe.Subscription): Promise<Stripe.Subscription> {
    if (!hasUnexpandedDiscounts(subscription)) return subscription;
    const fetched = await this.stripe.call('subscription retrieval', (stripe) =>
      stripe.subscriptions.retrieve(subscription.id, { expand: ['discounts.source.coupon'] }),
    );
    return fetched.id === subscription.id
      ? { ...subscription, discounts: fetched.discounts }
      : subscription;
  }
}
