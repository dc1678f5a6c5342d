import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ReportPeriodRequest,
  TELEMETRY_REPORT_PATTERNS,
  type TelemetryWeeklyReply,
} from '@vantage/contracts';
import { MessageOrg } from '@vantage/service-runtime';
import { WeeklyReportService } from './weekly-report.service';

/** Answers the reporting service's weekly question; the org always comes from the envelope. */
@Controller()
export class WeeklyReportHandler {
  constructor(private readonly reports: WeeklyReportService) {}

  @MessagePattern(TELEMETRY_REPORT_PATTERNS.weekly)
  weekly(
    @MessageOrg() orgId: string,
    @Payload() period: ReportPeriodRequest,
  ): Promise<TelemetryWeeklyReply> {
    return this.reports.weekly(orgId, period);
  }
}
