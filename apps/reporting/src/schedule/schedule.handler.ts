import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  PutReportScheduleDto,
  type ReportScheduleDto,
  WEEKLY_REPORT_PATTERNS,
} from '@vantage/contracts';
import { MessageOrg } from '@vantage/service-runtime';
import { ScheduleService } from './schedule.service';

/** The weekly report's schedule over the transport; the org comes from the envelope. */
@Controller()
export class ScheduleHandler {
  constructor(private readonly schedule: ScheduleService) {}

  @MessagePattern(WEEKLY_REPORT_PATTERNS.scheduleGet)
  get(@MessageOrg() orgId: string): Promise<ReportScheduleDto> {
    return this.schedule.get(orgId);
  }

  @MessagePattern(WEEKLY_REPORT_PATTERNS.schedulePut)
  put(
    @MessageOrg() orgId: string,
    @Payload() input: PutReportScheduleDto,
  ): Promise<ReportScheduleDto> {
    return this.schedule.put(orgId, input);
  }
}
