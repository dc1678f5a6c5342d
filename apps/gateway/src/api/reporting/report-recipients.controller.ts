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
  type CreateReportRecipientMessageDto,
  REPORT_RECIPIENT_ID_PATTERN,
  REPORT_RECIPIENT_PATTERNS,
  ReportRecipientDto,
  ReportRecipientListDto,
  UpdateReportRecipientDto,
} from '@vantage/contracts';
import { Access, CurrentPrincipal } from '../../auth/access.decorators';
import type { Principal } from '../../auth/principal';
import { ServiceRouter } from '../../routing/service-router';
import { ApiAuthenticated } from '../../shared/openapi';
import { MailConsentClient } from '../mail/mail-consent.client';
import { seesAddresses, withMaskedAddress } from '../mail/address-visibility';
import { ResourceIdPipe } from '../../shared/resource-id.pipe';

/** An id of another shape cannot exist: a 404, like another organisation's id. */
const RECIPIENT_ID = new ResourceIdPipe(REPORT_RECIPIENT_ID_PATTERN, 'no such recipient');

const READERS = { role: 'admin', scope: 'read' } as const;
const EDITORS = { role: 'admin', scope: 'admin' } as const;

const ID_EXAMPLE = 'rcp_3kT9wQ1mZp8Lx2Vb7Nc4';

/**
 * Who receives the weekly report: admins manage the list. Keys with only the read scope see
 * the addresses masked; an address outside the org's members confirms before it gets reports.
 */
@ApiTags('reports')
@Controller('api/v1/reports/recipients')
@ApiAuthenticated()
export class ReportRecipientsController {
  constructor(
    private readonly router: ServiceRouter,
    private readonly consent: MailConsentClient,
  ) {}

  @Get()
  @Access(READERS)
  @ApiOperation({ summary: 'The report’s recipients, subscribed or not' })
  @ApiOkResponse({ type: ReportRecipientListDto })
  async list(@CurrentPrincipal() principal: Principal): Promise<ReportRecipientListDto> {
    const list = await this.router.send<ReportRecipientListDto>(
      'reporting',
      REPORT_RECIPIENT_PATTERNS.list,
      {},
    );
    return seesAddresses(principal) ? list : { items: list.items.map(withMaskedAddress) };
  }

  @Get(':id')
  @Access(READERS)
  @ApiOperation({ summary: 'One recipient' })
  @ApiParam({ name: 'id', example: ID_EXAMPLE })
  @ApiOkResponse({ type: ReportRecipientDto })
  @ApiAuthenticated(404)
  async get(
    @Param('id', RECIPIENT_ID) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ReportRecipientDto> {
    const recipient = await this.router.send<ReportRecipientDto>(
      'reporting',
      REPORT_RECIPIENT_PATTERNS.get,
      { id },
    );
    return seesAddresses(principal) ? recipient : withMaskedAddress(recipient);
  }

  @Post()
  @Access(EDITORS)
  @ApiOperation({
    summary: 'Add a recipient',
    description:
      'At most 200 per organisation; an address already on the list answers 409. An address ' +
      'that is not a member’s gets one confirmation e-mail and no report until it confirms; ' +
      'with the daily e-mail quota used up, that answers 429 MAIL_QUOTA_EXCEEDED.',
  })
  @ApiCreatedResponse({ type: ReportRecipientDto })
  @ApiAuthenticated(409, 429)
  async create(
    @Body() body: CreateReportRecipientDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ReportRecipientDto> {
    const message: CreateReportRecipientMessageDto = {
      ...body,
      member: await this.consent.isMember(principal.orgId, body.email),
    };
    return this.router.send('reporting', REPORT_RECIPIENT_PATTERNS.create, message);
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
    @Param('id', RECIPIENT_ID) id: string,
    @Body() body: UpdateReportRecipientDto,
  ): Promise<ReportRecipientDto> {
    return this.router.send('reporting', REPORT_RECIPIENT_PATTERNS.update, {
      ...body,
      id,
    });
  }

  @Delete(':id')
  @HttpCode(200)
  @Access(EDITORS)
  @ApiOperation({ summary: 'Remove a recipient', description: 'Answers the removed recipient.' })
  @ApiParam({ name: 'id', example: ID_EXAMPLE })
  @ApiOkResponse({ type: ReportRecipientDto })
  @ApiAuthenticated(404)
  remove(@Param('id', RECIPIENT_ID) id: string): Promise<ReportRecipientDto> {
    return this.router.send('reporting', REPORT_RECIPIENT_PATTERNS.delete, { id });
  }
}
