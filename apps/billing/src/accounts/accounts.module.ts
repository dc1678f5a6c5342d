import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { MessagingModule } from '../messaging/messaging.module';
import { BillingAccountRepository } from './billing-account.repository';
import {
  BillingAccount,
  BillingAccountSchema,
  StripeCustomer,
  StripeCustomerSchema,
} from './billing-account.schema';
import { BillingAccountsService } from './billing-accounts.service';
import { OrgResolver } from './org-resolver';

/** Each org's billing account, its plan (and the broadcast of its changes), customer links. */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: BillingAccount.name, schema: BillingAccountSchema },
      { name: StripeCustomer.name, schema: StripeCustomerSchema },
    ]),
    MessagingModule,
  ],
  providers: [BillingAccountRepository, BillingAccountsService, OrgResolver],
  exports: [BillingAccountRepository, BillingAccountsService, OrgResolver],
})
export class AccountsModule {}
