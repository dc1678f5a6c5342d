import { ServiceDefinition } from '@vantage/service-runtime';
import { AppModule } from './app.module';
import { TrafficMonitorConfig } from './config/traffic-monitor.config';

/** How the traffic-monitor service starts; main.ts runs it, integration tests boot it. */
export const trafficMonitorService: ServiceDefinition<TrafficMonitorConfig> = {
  service: 'traffic-monitor',
  module: (runtime) => AppModule.forRoot(runtime),
  configClass: TrafficMonitorConfig,
  defaultPort: 3001,
};
