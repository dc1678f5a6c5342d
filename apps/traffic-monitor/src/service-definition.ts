import { BaseServiceConfig, ServiceDefinition } from '@vantage/service-runtime';
import { AppModule } from './app.module';

/** How the traffic-monitor service starts; main.ts runs it, integration tests boot it. */
export const trafficMonitorService: ServiceDefinition<BaseServiceConfig> = {
  service: 'traffic-monitor',
  module: (runtime) => AppModule.forRoot(runtime),
  configClass: BaseServiceConfig,
  defaultPort: 3001,
};
