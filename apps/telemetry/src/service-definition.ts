import { BaseServiceConfig, ServiceDefinition } from '@vantage/service-runtime';
import { AppModule } from './app.module';

/** How the telemetry service starts; main.ts runs it, integration tests boot it. */
export const telemetryService: ServiceDefinition<BaseServiceConfig> = {
  service: 'telemetry',
  module: (runtime) => AppModule.forRoot(runtime),
  configClass: BaseServiceConfig,
  defaultPort: 3002,
};
