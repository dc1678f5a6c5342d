import { BaseServiceConfig, ServiceDefinition } from '@vantage/service-runtime';
import { AppModule } from './app.module';

/** How the billing service starts; main.ts runs it, integration tests boot it. */
export const billingService: ServiceDefinition<BaseServiceConfig> = {
  service: 'billing',
  module: (runtime) => AppModule.forRoot(runtime),
  configClass: BaseServiceConfig,
  defaultPort: 3003,
};
