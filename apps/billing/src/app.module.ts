import { DynamicModule, Module } from '@nestjs/common';
import { ServiceCoreModule, ServiceRuntime } from '@vantage/service-runtime';
import { assertProductionSafe, type BillingConfig } from './config/billing.config';
import { MetricsModule } from './metrics/metrics.module';
import { OrgBillingModule } from './org-billing/org-billing.module';
import { WebhooksModule } from './webhooks/webhooks.module';

/**
 * The billing service: Stripe customers, subscriptions, invoices, webhooks, dunning and revenue
 * metrics. Feature modules join ServiceCoreModule here.
 */
@Module({})
export class AppModule {
  static forRoot(runtime: ServiceRuntime<BillingConfig>): DynamicModule {
    assertProductionSafe(runtime.config);
    return {
      module: AppModule,
      imports: [
        ServiceCoreModule.forRoot(runtime),
        OrgBillingModule,
        WebhooksModule,
        MetricsModule,
      ],
    };
  }
}
