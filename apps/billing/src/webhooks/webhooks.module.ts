import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AccountsModule } from '../accounts/accounts.module';
import { InvoicesModule } from '../invoices/invoices.module';
import { MessagingModule } from '../messaging/messaging.module';
import { MetricsModule } from '../metrics/metrics.module';
import { StripeModule } from '../stripe/stripe.module';
import { SubscriptionsModule } from '../subscriptions/subscriptions.module';
import { FailedWebhooksService } from './failed-webhooks.service';
import { StripeEventRouter } from './stripe-event-router';
import { WebhookEventRepository } from './webhook-event.repository';
import { WebhookEvent, WebhookEventSchema } from './webhook-event.schema';
import { WebhookProcessorService } from './webhook-processor.service';
import { WebhookReceiverService } from './webhook-receiver.service';
import { WebhooksHandler } from './webhooks.handler';

/** Stripe webhooks: verified receipt, stored events, processing with retries, the failed list. */
@Module({
  imports: [
    MongooseModule.forFeature([{ name: WebhookEvent.name, schema: WebhookEventSchema }]),
    AccountsModule,
    SubscriptionsModule,
    InvoicesModule,
    MetricsModule,
    MessagingModule,
    StripeModule,
  ],
  controllers: [WebhooksHandler],
  providers: [
    WebhookEventRepository,
    WebhookReceiverService,
    WebhookProcessorService,
    StripeEventRouter,
    FailedWebhooksService,
  ],
})
export class WebhooksModule {}
