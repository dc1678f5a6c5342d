import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import {
  CreateReportRecipientDto,
  NotFoundError,
  REPORT_RECIPIENT_ID_PATTERN,
  REPORT_RECIPIENT_PATTERNS,
  ReportRecipientDto,
  ReportRecipientListDto,
  UpdateReportRecipientDto,
} from '@vantage/contracts';
import { Access } from '../../auth/access.decorators';
import { ServiceRouter } from '../../routing/service-router';
import { ApiAuthenticated } from '../../shared/openapi';

const READERS = { role: 'admin', scope: 'read' } as const;
const EDITORS = { role: 'admin', scope: 'admin' } as const;

const ID_EXAMPLE = 'rcp_3kT9wQ1mZp8Lx2Vb7Nc4';

/** Who receives the weekly report: admins manage the list. */
@ApiTags('reports')
@Controller('api/v1/reports/recipients')
@ApiAuthenticated()
export class ReportRecipientsController {
  constructor(private readonly router: ServiceRouter) {}

  @Get()
  @Access(READERS)
  @ApiOperation({ summary: 'The report’s recipients, subscribed or not' })
  @ApiOkResponse({ type: ReportRecipientListDto })
  list(): Promise<ReportRecipientListDto> {
    return this.router.send('reporting', REPORT_RECIPIENT_PATTERNS.list, {});
  }

  @Get(':id')
  @Access(READERS)
  @ApiOperation({ summary: 'One recipient' })
  @ApiParam({ name: 'id', example: ID_EXAMPLE })
  @ApiOkResponse({ type: ReportRecipientDto })
  @ApiAuthenticated(404)
  get(@Param('id') id: string): Promise<ReportRecipientDto> {
    return this.router.send('reporting', REPORT_RECIPIENT_PATTERNS.get, { id: recipientId(id) });
  }

  @Post()
  @Access(EDITORS)
  @ApiOperation({
    summary: 'Add a recipient',
    description: 'At most 200 per organisation; an address already on the list answers 409.',
  })
  @ApiCreatedResponse({ type: ReportRecipientDto })
  @ApiAuthenticated(409)
  create(@Body() body: CreateReportRecipientDto): Promise<ReportRecipientDto> {
    return this.router.send('reporting', REPORT_RECIPIENT_PATTERNS.create, body);
  }

  @Patch(':id')
  @Access(EDITORS)
  @ApiOperation({
    summary: 'Rename or unsubscribe a recipient',
    description: 'Someone who unsubscribed cannot be subscribed again here.',
  })
  @ApiParam({ name: 'id', example: ID_EXAMPLE })
  @ApiOkResponse({ type: ReportRecipientDto })
  @ApiAuthenticated(404)
  update(
    @Param('id') id: string,
    @Body() body: UpdateReportRecipientDto,
  ): Promise<ReportRecipientDto> {
    return this.router.send('reporting', REPORT_RECIPIENT_PATTERNS.update, {
      ...body,
      id: recipientId(id),
    });
  }

  @Delete(':id')
  @HttpCode(200)
  @Access(EDITORS)
  @ApiOperation({ summary: 'Remove a recipient', description: 'Answers the removed recipient.' })
  @ApiParam({ name: 'id', example: ID_EXAMPLE })
  @ApiOkResponse({ type: ReportRecipientDto })
  @ApiAuthenticated(404)
  remove(@Param('id') id: string): Promise<ReportRecipientDto> {
    return this.router.send('reporting', REPORT_RECIPIENT_PATTERNS.delete, { id: recipientId(id) });
  }
}

/** An id that cannot be a recipient's is a 404, like another organisation's id. */
function recipientId(id: string): string {
  if (!REPORT_RECIPIENT_ID_PATTERN.test(id)) throw new NotFoundError('no such recipient');
  return id;
}
