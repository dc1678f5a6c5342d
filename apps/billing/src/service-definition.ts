import { ServiceDefinition } from '@vantage/service-runtime';
import { AppModule } from './app.module';
import { BillingConfig } from './config/billing.config';

/** How the billing service starts; main.ts runs it, integration tests boot it. */
export const billingService: ServiceDefinition<BillingConfig> = {
  service: 'billing',
  module: (runtime) => AppModule.forRoot(runtime),
  configClass: BillingConfig,
  defaultPort: 3003,
};
