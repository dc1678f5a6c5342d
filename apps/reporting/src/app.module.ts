import { DynamicModule, Module } from '@nestjs/common';
import { ServiceCoreModule, ServiceRuntime } from '@vantage/service-runtime';
import { AccountMailModule } from './account-mail/account-mail.module';
import { AlertMailModule } from './alert-mail/alert-mail.module';
import { assertProductionSafe, type ReportingConfig } from './config/reporting.config';
import { DunningMailModule } from './dunning-mail/dunning-mail.module';
import { RecipientsModule } from './recipients/recipients.module';
import { RoadmapModule } from './roadmap/roadmap.module';
import { RunsModule } from './runs/runs.module';
import { ScheduleModule } from './schedule/schedule.module';
import { UsageModule } from './usage/usage.module';
import { WeeklyModule } from './weekly/weekly.module';

/**
 * The reporting service: the weekly executive report, alert and dunning e-mail, recipients,
 * roadmap items and usage figures. Feature modules join ServiceCoreModule here.
 */
@Module({})
export class AppModule {
  static forRoot(runtime: ServiceRuntime<ReportingConfig>): DynamicModule {
    assertProductionSafe(runtime.config);
    return {
      module: AppModule,
      imports: [
        ServiceCoreModule.forRoot(runtime),
        RunsModule,
        ScheduleModule,
        RecipientsModule,
        RoadmapModule,
        UsageModule,
        WeeklyModule,
        AlertMailModule,
        DunningMailModule,
        AccountMailModule,
      ],
    };
  }
}
