import { Module } from '@nestjs/common';
import { InvoicesModule } from '../invoices/invoices.module';
import { SubscriptionsModule } from '../subscriptions/subscriptions.module';
import { BillingMetrics } from './billing.metrics';
import { MetricsHandler } from './metrics.handler';
import { RevenueMetricsService } from './revenue-metrics.service';

/** Revenue metrics from the stored history, and billing's Prometheus counters. */
@Module({
  imports: [SubscriptionsModule, InvoicesModule],
  controllers: [MetricsHandler],
  providers: [RevenueMetricsService, BillingMetrics],
  exports: [BillingMetrics],
})
export class MetricsModule {}
