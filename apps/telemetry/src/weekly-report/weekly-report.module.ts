import { Module } from '@nestjs/common';
import { SeriesModule } from '../series/series.module';
import { SlosModule } from '../slos/slos.module';
import { WeeklyReportHandler } from './weekly-report.handler';
import { WeeklyReportService } from './weekly-report.service';

/**
 * Telemetry's answer to the weekly report (`telemetry.report.weekly.1`): reads series through
 * SeriesModule, and the org's SLOs and their status through SlosModule.
 */
@Module({
  imports: [SeriesModule, SlosModule],
  controllers: [WeeklyReportHandler],
  providers: [WeeklyReportService],
})
export class WeeklyReportModule {}
