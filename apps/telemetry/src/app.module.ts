import { DynamicModule, Module } from '@nestjs/common';
import { BaseServiceConfig, ServiceCoreModule, ServiceRuntime } from '@vantage/service-runtime';

/** The telemetry service: golden signals, forecasts, anomalies, SLOs and health scores. Feature modules join ServiceCoreModule here. */
@Module({})
export class AppModule {
  static forRoot(runtime: ServiceRuntime<BaseServiceConfig>): DynamicModule {
    return { module: AppModule, imports: [ServiceCoreModule.forRoot(runtime)] };
  }
}
