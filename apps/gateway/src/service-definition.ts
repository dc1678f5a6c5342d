import { ServiceDefinition } from '@vantage/service-runtime';
import { AppModule } from './app.module';
import { GatewayConfig } from './config/gateway.config';
import { configureEdge } from './edge/configure-edge';
import { fastifyEdgeOptions } from './edge/fastify-edge-options';

/** How the gateway service starts; main.ts runs it, integration tests boot it. */
export const gatewayService: ServiceDefinition<GatewayConfig> = {
  service: 'gateway',
  module: (runtime) => AppModule.forRoot(runtime),
  configClass: GatewayConfig,
  defaultPort: 3000,
  fastifyOptions: fastifyEdgeOptions,
  configure: configureEdge,
};
