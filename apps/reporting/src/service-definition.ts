import { BaseServiceConfig, ServiceDefinition } from '@vantage/service-runtime';
import { AppModule } from './app.module';

/** How the reporting service starts; main.ts runs it, integration tests boot it. */
export const reportingService: ServiceDefinition<BaseServiceConfig> = {
  service: 'reporting',
  module: (runtime) => AppModule.forRoot(runtime),
  configClass: BaseServiceConfig,
  defaultPort: 3004,
};
