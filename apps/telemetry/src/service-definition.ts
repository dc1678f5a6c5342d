import { ServiceDefinition } from '@vantage/service-runtime';
import { AppModule } from './app.module';
import { TelemetryConfig } from './config/telemetry.config';

/** How the telemetry service starts; main.ts runs it, integration tests boot it. */
export const telemetryService: ServiceDefinition<TelemetryConfig> = {
  service: 'telemetry',
  module: (runtime) => AppModule.forRoot(runtime),
  configClass: TelemetryConfig,
  defaultPort: 3002,
};
