import { DynamicModule, Module } from '@nestjs/common';
import { ServiceCoreModule, ServiceRuntime } from '@vantage/service-runtime';
import { AlertsModule } from './alerts/alerts.module';
import type { TrafficMonitorConfig } from './config/traffic-monitor.config';
import { DashboardModule } from './dashboard/dashboard.module';
import { ExperimentsModule } from './experiments/experiments.module';
import { FormulasModule } from './formulas/formulas.module';
import { IngestModule } from './ingest/ingest.module';
import { RadSetsModule } from './rad-sets/rad-sets.module';
import { SeriesExportModule } from './series-export/series-export.module';

/**
 * The traffic-monitor service: traffic events, RAD sets, baselines and health status,
 * experiments, formulas and alerts. Feature modules join ServiceCoreModule here.
 */
@Module({})
export class AppModule {
  static forRoot(runtime: ServiceRuntime<TrafficMonitorConfig>): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceCoreModule.forRoot(runtime),
        IngestModule,
        RadSetsModule,
        DashboardModule,
        ExperimentsModule,
        FormulasModule,
        SeriesExportModule,
        AlertsModule,
      ],
    };
  }
}
