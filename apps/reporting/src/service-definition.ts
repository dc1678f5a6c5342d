import { ServiceDefinition } from '@vantage/service-runtime';
import { AppModule } from './app.module';
import { ReportingConfig } from './config/reporting.config';

/** How the reporting service starts; main.ts runs it, integration tests boot it. */
export const reportingService: ServiceDefinition<ReportingConfig> = {
  service: 'reporting',
  module: (runtime) => AppModule.forRoot(runtime),
  configClass: ReportingConfig,
  defaultPort: 3004,
};
