import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ReportSettings, ReportSettingsSchema } from './report-settings.schema';
import { ReportSettingsRepository } from './report-settings.repository';
import { ScheduleHandler } from './schedule.handler';
import { ScheduleService } from './schedule.service';

/** Each organisation's weekly report settings: when, in which zone, under which name. */
@Module({
  imports: [
    MongooseModule.forFeature([{ name: ReportSettings.name, schema: ReportSettingsSchema }]),
  ],
  controllers: [ScheduleHandler],
  providers: [ReportSettingsRepository, ScheduleService],
  exports: [ScheduleService],
})
export class ScheduleModule {}
