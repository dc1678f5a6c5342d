import { DynamicModule, Module, Provider } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { TerminusModule } from '@nestjs/terminus';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { ServiceName } from '@vantage/contracts';
import {
  createLogger,
  ensureDefaultMetrics,
  Logger,
  RedisHealthIndicator,
} from '@vantage/observability';
import { BaseServiceConfig } from '../config/base-service.config';
import { SERVICE_CONFIG, SERVICE_IDENTITY, SERVICE_LOGGER } from '../config/service-tokens';
import { HealthController } from '../health/health.controller';
import { MongoReadiness } from '../health/mongo-readiness';
import { GoldenSignalsReporter } from '../golden-signals/golden-signals.reporter';
import { HealthRedisClient } from '../health/health-redis-client';
import { JobScheduler } from '../jobs/job-scheduler';
import { RedisLocks } from '../locks/redis-locks';
import { OrgCaps } from '../caps/org-caps';
import { mongooseModuleOptions } from '../mongo/mongo-connection';
import { createPingHandler } from '../ping/ping.handler';
import { newInstanceId, ServiceIdentity } from './service-identity';

export interface ServiceCoreOptions<C extends BaseServiceConfig = BaseServiceConfig> {
  readonly service: ServiceName;
  readonly config: C;
  /** The process logger; bootstrap passes its own so Nest and the app share one. */
  readonly logger?: Logger;
  readonly instanceId?: string;
}

/**
 * What every service has: its config and logger in DI (global), MongoDB, /metrics, /health/live,
 * /health/ready, an answer to the ping message, the once-per-period JobScheduler, RedisLocks
 * shared by the replicas, per-org caps by plan (OrgCaps), and the golden-signals reporter
 * (GOLDEN_SIGNALS_INTERVAL_MS).
 */
@Module({})
export class ServiceCoreModule {
  static forRoot<C extends BaseServiceConfig>(options: ServiceCoreOptions<C>): DynamicModule {
    const { service, config } = options;
    const logger = options.logger ?? createLogger({ service, level: config.LOG_LEVEL });
    const identity: ServiceIdentity = {
      service,
      instanceId: options.instanceId ?? newInstanceId(),
    };
    ensureDefaultMetrics();

    const configProviders: Provider[] = [{ provide: SERVICE_CONFIG, useValue: config }];
    // Injectable by class too: `constructor(config: GatewayConfig)` and `(config: BaseServiceConfig)`.
    for (const configClass of new Set([config.constructor, BaseServiceConfig])) {
      configProviders.push({ provide: configClass, useValue: config });
    }
    const providers: Provider[] = [
      ...configProviders,
      { provide: SERVICE_LOGGER, useValue: logger },
      { provide: SERVICE_IDENTITY, useValue: identity },
      HealthRedisClient,
      RedisHealthIndicator,
      MongoReadiness,
      JobScheduler,
      RedisLocks,
      OrgCaps,
      GoldenSignalsReporter,
    ];

    return {
      module: ServiceCoreModule,
      global: true,
      imports: [
        MongooseModule.forRoot(
          config.MONGO_URL,
          mongooseModuleOptions({ url: config.MONGO_URL, dbName: config.MONGO_DB, logger }),
        ),
        // Default metrics are registered by ensureDefaultMetrics, once per process.
        PrometheusModule.register({ path: '/metrics', defaultMetrics: { enabled: false } }),
        TerminusModule.forRoot({ errorLogStyle: 'json' }),
      ],
      controllers: [HealthController, createPingHandler(identity)],
      providers,
      exports: [
        ...configProviders,
        SERVICE_LOGGER,
        SERVICE_IDENTITY,
        JobScheduler,
        RedisLocks,
        OrgCaps,
      ],
    };
  }
}
