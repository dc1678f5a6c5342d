import { DynamicModule, Module } from '@nestjs/common';
import { BaseServiceConfig, ServiceCoreModule, ServiceRuntime } from '@vantage/service-runtime';

/** The gateway service: the only public entry: HTTP API and WebSocket. Feature modules join ServiceCoreModule here. */
@Module({})
export class AppModule {
  static forRoot(runtime: ServiceRuntime<BaseServiceConfig>): DynamicModule {
    return { module: AppModule, imports: [ServiceCoreModule.forRoot(runtime)] };
  }
}
