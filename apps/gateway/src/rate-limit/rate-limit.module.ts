import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ThrottlerModule } from '@nestjs/throttler';
import type { Logger } from '@vantage/observability';
import { SERVICE_LOGGER } from '@vantage/service-runtime';
import { AbuseModule } from '../abuse/abuse.module';
import { SecurityStore } from '../abuse/security-store';
import { AuditModule } from '../audit/audit.module';
import { GatewayConfig } from '../config/gateway.config';
import { Organization, OrganizationSchema } from '../identity/identity.schemas';
import { OrgPlanCache } from './org-plan.cache';
import { PlanChangedHandler } from './plan-changed.handler';
import { RateLimitGuard } from './rate-limit.guard';
import { RateLimitMetrics } from './rate-limit.metrics';
import { RateLimitPolicy } from './rate-limit.policy';
import { RedisThrottlerStorage } from './redis-throttler.storage';

/** What the throttler's options are made of: the shared counters, org plans and the tiers. */
@Module({
  imports: [
    MongooseModule.forFeature([{ name: Organization.name, schema: OrganizationSchema }]),
    AbuseModule,
  ],
  providers: [
    {
      provide: RedisThrottlerStorage,
      // On the abuse counters' connection: a request's checks and counts share its writes.
      useFactory: (config: GatewayConfig, logger: Logger, counters: SecurityStore) =>
        new RedisThrottlerStorage({
          redisUrl: config.REDIS_URL,
          prefix: config.TRANSPORT_PREFIX,
          logger,
          connection: counters.redis,
        }),
      inject: [GatewayConfig, SERVICE_LOGGER, SecurityStore],
    },
    OrgPlanCache,
    RateLimitPolicy,
    RateLimitMetrics,
  ],
  exports: [RedisThrottlerStorage, OrgPlanCache, RateLimitPolicy, RateLimitMetrics],
})
class RateLimitCoreModule {}

/**
 * Rate limits of the public API (ARCHITECTURE.md): per IP for anonymous callers, per org by
 * plan, and a lower per-org limit on @ExpensiveRoute routes, counted in Redis across replicas.
 * Register RateLimitGuard as the APP_GUARD after authentication and before authorization.
 */
@Module({
  imports: [
    RateLimitCoreModule,
    AuditModule,
    ThrottlerModule.forRootAsync({
      imports: [RateLimitCoreModule],
      inject: [RateLimitPolicy, RedisThrottlerStorage],
      useFactory: (policy: RateLimitPolicy, storage: RedisThrottlerStorage) => ({
        throttlers: policy.throttlers(),
        storage,
        // The guard writes X-RateLimit-* itself, once, for the most restrictive counter.
        setHeaders: false,
        generateKey: (_context, tracker, throttlerName) => policy.keyOf(tracker, throttlerName),
      }),
    }),
  ],
  controllers: [PlanChangedHandler],
  providers: [RateLimitGuard],
  // The core module, for OrgPlanCache: whoever needs an org's plan reads this cache.
  exports: [RateLimitGuard, RateLimitCoreModule],
})
export class RateLimitModule {}
