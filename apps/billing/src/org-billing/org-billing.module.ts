import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { InvoicesModule } from '../invoices/invoices.module';
import { PlansModule } from '../plans/plans.module';
import { StripeModule } from '../stripe/stripe.module';
import { OrgBillingHandler } from './org-billing.handler';
import { OrgBillingService } from './org-billing.service';

/** Checkout, the customer portal, cancel and resume, the subscription and invoices of an org. */
@Module({
  imports: [AccountsModule, InvoicesModule, PlansModule, StripeModule],
  controllers: [OrgBillingHandler],
  providers: [OrgBillingService],
})
export class OrgBillingModule {}
