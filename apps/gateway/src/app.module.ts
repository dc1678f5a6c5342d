import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ServiceCoreModule, ServiceRuntime } from '@vantage/service-runtime';
import { BillingApiModule } from './api/billing/billing-api.module';
import { ReportingApiModule } from './api/reporting/reporting-api.module';
import { TelemetryApiModule } from './api/telemetry/telemetry-api.module';
import { TrafficApiModule } from './api/traffic/traffic-api.module';
import { AuthModule } from './auth/auth.module';
import { AuthenticationGuard } from './auth/authentication.guard';
import { AuthorizationGuard } from './auth/authorization.guard';
import { assertProductionSafe, type GatewayConfig } from './config/gateway.config';
import { LiveModule } from './live/live.module';
import { RateLimitGuard } from './rate-limit/rate-limit.guard';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { RoutingModule } from './routing/routing.module';
import { UsageModule } from './usage/usage.module';

/**
 * The gateway: the only public entry (HTTP API and WebSocket) in front of the services.
 * Global guards run in the order listed: who is calling, how often, then may they.
 */
@Module({})
export class AppModule {
  static forRoot(runtime: ServiceRuntime<GatewayConfig>): DynamicModule {
    assertProductionSafe(runtime.config);
    return {
      module: AppModule,
      imports: [
        ServiceCoreModule.forRoot(runtime),
        AuthModule,
        RateLimitModule,
        RoutingModule,
        LiveModule,
        UsageModule,
        TrafficApiModule,
        TelemetryApiModule,
        BillingApiModule,
        ReportingApiModule,
      ],
      providers: [
        { provide: APP_GUARD, useExisting: AuthenticationGuard },
        { provide: APP_GUARD, useExisting: RateLimitGuard },
        { provide: APP_GUARD, useExisting: AuthorizationGuard },
      ],
    };
  }
}
