import { DynamicModule, Module } from '@nestjs/common';
import { BaseServiceConfig, ServiceCoreModule, ServiceRuntime } from '@vantage/service-runtime';

/** The reporting service: the weekly executive report and alert and dunning e-mail. Feature modules join ServiceCoreModule here. */
@Module({})
export class AppModule {
  static forRoot(runtime: ServiceRuntime<BaseServiceConfig>): DynamicModule {
    return { module: AppModule, imports: [ServiceCoreModule.forRoot(runtime)] };
  }
}
