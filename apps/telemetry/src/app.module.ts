import { DynamicModule, Module } from '@nestjs/common';
import { ServiceCoreModule, ServiceRuntime } from '@vantage/service-runtime';
import type { TelemetryConfig } from './config/telemetry.config';
import { AnomaliesModule } from './anomalies/anomalies.module';
import { ForecastsModule } from './forecasts/forecasts.module';
import { GoldenSignalsModule } from './golden-signals/golden-signals.module';
import { HealthScoresModule } from './health-scores/health-scores.module';
import { QualityModule } from './quality/quality.module';
import { SamplesModule } from './samples/samples.module';
import { SeriesModule } from './series/series.module';
import { SlosModule } from './slos/slos.module';
import { WeeklyReportModule } from './weekly-report/weekly-report.module';

/**
 * The telemetry service: series (pushed samples, Vantage's golden signals, traffic counts) and
 * their data quality; forecasts, anomalies, SLOs and health scores build on SeriesReader.
 */
@Module({})
export class AppModule {
  static forRoot(runtime: ServiceRuntime<TelemetryConfig>): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceCoreModule.forRoot(runtime),
        SeriesModule,
        SamplesModule,
        GoldenSignalsModule,
        QualityModule,
        ForecastsModule,
        AnomaliesModule,
        SlosModule,
        HealthScoresModule,
        WeeklyReportModule,
      ],
    };
  }
}
