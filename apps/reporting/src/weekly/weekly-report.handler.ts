import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type ReportRunDto,
  SendWeeklyReportMessageDto,
  WEEKLY_REPORT_PATTERNS,
  type WeeklyPreviewDto,
  WeeklyPreviewMessageDto,
} from '@vantage/contracts';
import { MessageOrg } from '@vantage/service-runtime';
import { WeeklyReportService } from './weekly-report.service';

/** Preview and send-now of the weekly report; the org always comes from the envelope. */
@Controller()
export class WeeklyReportHandler {
  constructor(private readonly reports: WeeklyReportService) {}

  @MessagePattern(WEEKLY_REPORT_PATTERNS.preview)
  preview(
    @MessageOrg() orgId: string,
    @Payload() { week, inlineImages, orgName }: WeeklyPreviewMessageDto,
  ): Promise<WeeklyPreviewDto> {
    return this.reports.preview(orgId, week, inlineImages ?? false, orgName);
  }

  /** Answers as soon as the run is recorded; the sending goes on in the background. */
  @MessagePattern(WEEKLY_REPORT_PATTERNS.send)
  async send(
    @MessageOrg() orgId: string,
    @Payload() { week, orgName }: SendWeeklyReportMessageDto,
  ): Promise<ReportRunDto> {
    return (await this.reports.send(orgId, week, 'manual', orgName)).run;
  }
}
