import { Module } from '@nestjs/common';
import { BillingMessaging } from './billing-messaging';

/** The transport client billing emits with (plan changes, dunning mail, its webhook queue). */
@Module({ providers: [BillingMessaging], exports: [BillingMessaging] })
export class MessagingModule {}
