import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AccountsModule } from '../accounts/accounts.module';
import { PlansModule } from '../plans/plans.module';
import { StripeModule } from '../stripe/stripe.module';
import { SubscriptionEventsService } from './subscription-events.service';
import { SubscriptionRevisionRepository } from './subscription-revision.repository';
import { SubscriptionRevision, SubscriptionRevisionSchema } from './subscription-revision.schema';

/** Subscription events: the revisions kept for revenue history, and the org's current one. */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: SubscriptionRevision.name, schema: SubscriptionRevisionSchema },
    ]),
    AccountsModule,
    PlansModule,
    StripeModule,
  ],
  providers: [SubscriptionRevisionRepository, SubscriptionEventsService],
  exports: [SubscriptionRevisionRepository, SubscriptionEventsService],
})
export class SubscriptionsModule {}
