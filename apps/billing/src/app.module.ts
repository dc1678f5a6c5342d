import { DynamicModule, Module } from '@nestjs/common';
import { BaseServiceConfig, ServiceCoreModule, ServiceRuntime } from '@vantage/service-runtime';

/** The billing service: Stripe customers, subscriptions, invoices and revenue metrics. Feature modules join ServiceCoreModule here. */
@Module({})
export class AppModule {
  static forRoot(runtime: ServiceRuntime<BaseServiceConfig>): DynamicModule {
    return { module: AppModule, imports: [ServiceCoreModule.forRoot(runtime)] };
  }
}
