import { DynamicModule, Module } from '@nestjs/common';
import { BaseServiceConfig, ServiceCoreModule, ServiceRuntime } from '@vantage/service-runtime';

/** The traffic-monitor service: traffic events, baselines, health status, formulas and alerts. Feature modules join ServiceCoreModule here. */
@Module({})
export class AppModule {
  static forRoot(runtime: ServiceRuntime<BaseServiceConfig>): DynamicModule {
    return { module: AppModule, imports: [ServiceCoreModule.forRoot(runtime)] };
  }
}
