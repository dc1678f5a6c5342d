import { Module } from '@nestjs/common';
import { MailConsentModule } from '../mail-consent/mail-consent.module';
import { MailQuotaModule } from '../mail-quota/mail-quota.module';
import { RecipientsModule } from '../recipients/recipients.module';
import { RoadmapModule } from '../roadmap/roadmap.module';
import { RunsModule } from '../runs/runs.module';
import { ScheduleModule } from '../schedule/schedule.module';
import { SourceClient } from '../sources/source-client';
import { UsageModule } from '../usage/usage.module';
import { WeeklyReportBuilder } from './report-builder';
import { WeeklyReportHandler } from './weekly-report.handler';
import { WeeklyReportService } from './weekly-report.service';
import { WeeklyScheduleJob } from './weekly-schedule.job';

/** The weekly executive report: collecting, previewing, sending, and the schedule tick. */
@Module({
  imports: [
    RunsModule,
    ScheduleModule,
    RecipientsModule,
    RoadmapModule,
    UsageModule,
    MailConsentModule,
    MailQuotaModule,
  ],
  controllers: [WeeklyReportHandler],
  providers: [SourceClient, WeeklyReportBuilder, WeeklyReportService, WeeklyScheduleJob],
  exports: [WeeklyReportService, WeeklyScheduleJob],
})
export class WeeklyModule {}
