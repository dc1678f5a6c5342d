import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ListReportRunsDto,
  REPORT_RUN_PATTERNS,
  ReportRunIdDto,
  type ReportRunDto,
  type ReportRunListDto,
} from '@vantage/contracts';
import { MessageOrg } from '@vantage/service-runtime';
import { RunsService } from './runs.service';

/** Run records over the transport; the org always comes from the envelope. */
@Controller()
export class RunsHandler {
  constructor(private readonly runs: RunsService) {}

  @MessagePattern(REPORT_RUN_PATTERNS.list)
  list(
    @MessageOrg() orgId: string,
    @Payload() query: ListReportRunsDto,
  ): Promise<ReportRunListDto> {
    return this.runs.list(orgId, query);
  }

  @MessagePattern(REPORT_RUN_PATTERNS.get)
  get(@MessageOrg() orgId: string, @Payload() { id }: ReportRunIdDto): Promise<ReportRunDto> {
    return this.runs.get(orgId, id);
  }
}
