import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import {
  ListReportRunsDto,
  REPORT_RUN_ID_PATTERN,
  REPORT_RUN_PATTERNS,
  ReportRunDto,
  ReportRunListDto,
} from '@vantage/contracts';
import { Access, CurrentPrincipal } from '../../auth/access.decorators';
import type { Principal } from '../../auth/principal';
import { ServiceRouter } from '../../routing/service-router';
import { ApiAuthenticated } from '../../shared/openapi';
import { ResourceIdPipe } from '../../shared/resource-id.pipe';
import { runForReader, seesAddresses } from '../mail/address-visibility';

/** An id of another shape cannot exist: a 404, like another organisation's id. */
const RUN_ID = new ResourceIdPipe(REPORT_RUN_ID_PATTERN, 'no such run');

/** Runs name their recipients' addresses: admins, or keys with the read scope (masked). */
const READERS = { role: 'admin', scope: 'read' } as const;

/** Past and current mail runs (weekly reports, alert and dunning mail) of the organisation. */
@ApiTags('reports')
@Controller('api/v1/reports/runs')
@ApiAuthenticated()
@Access(READERS)
export class ReportRunsController {
  constructor(private readonly router: ServiceRouter) {}

  @Get()
  @ApiOperation({
    summary: 'Mail runs, newest first, with each recipient, Message-ID and outcome',
    description: 'A key with only the read scope sees the recipients’ addresses masked.',
  })
  @ApiOkResponse({ type: ReportRunListDto })
  async list(
    @Query() query: ListReportRunsDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ReportRunListDto> {
    const list = await this.router.send<ReportRunListDto>(
      'reporting',
      REPORT_RUN_PATTERNS.list,
      query,
    );
    return seesAddresses(principal)
      ? list
      : { ...list, items: list.items.map((run) => runForReader(principal, run)) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One mail run' })
  @ApiParam({ name: 'id', example: 'run_3kT9wQ1mZp8Lx2Vb7Nc4' })
  @ApiOkResponse({ type: ReportRunDto })
  @ApiAuthenticated(404)
  async get(
    @Param('id', RUN_ID) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ReportRunDto> {
    return runForReader(
      principal,
      await this.router.send<ReportRunDto>('reporting', REPORT_RUN_PATTERNS.get, { id }),
    );
  }
}
