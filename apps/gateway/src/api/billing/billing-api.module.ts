import { Module } from '@nestjs/common';
import { AuditModule } from '../../audit/audit.module';
import { IdentityModule } from '../../identity/identity.module';
import { RoutingModule } from '../../routing/routing.module';
import { BillingMetricsController } from './billing-metrics.controller';
import { BillingWebhooksController } from './billing-webhooks.controller';
import { BillingController } from './billing.controller';
import { OrgOwnerDirectory } from './org-owner.directory';
import { StripeWebhookVerifier } from './stripe-webhook.verifier';

/**
 * The billing service's public API: subscriptions, invoices, Stripe's webhooks and revenue
 * metrics, forwarded through ServiceRouter (timeouts, circuit breaker).
 */
@Module({
  imports: [RoutingModule, IdentityModule, AuditModule],
  controllers: [BillingController, BillingWebhooksController, BillingMetricsController],
  providers: [OrgOwnerDirectory, StripeWebhookVerifier],
})
export class BillingApiModule {}
