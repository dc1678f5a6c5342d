import { BaseServiceConfig, ServiceDefinition } from '@vantage/service-runtime';
import { AppModule } from './app.module';

/** How the gateway service starts; main.ts runs it, integration tests boot it. */
export const gatewayService: ServiceDefinition<BaseServiceConfig> = {
  service: 'gateway',
  module: (runtime) => AppModule.forRoot(runtime),
  configClass: BaseServiceConfig,
  defaultPort: 3000,
};
