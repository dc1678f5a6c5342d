import { Body, Controller, Get, Header, HttpCode, Post, Put, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import {
  PutReportScheduleDto,
  ReportRunDto,
  ReportScheduleDto,
  SendWeeklyReportDto,
  type SendWeeklyReportMessageDto,
  WEEKLY_REPORT_PATTERNS,
  type WeeklyPreviewDto,
  type WeeklyPreviewMessageDto,
  WeeklyPreviewQueryDto,
} from '@vantage/contracts';
import { Audited } from '../../audit/audited.decorator';
import { Access, CurrentPrincipal } from '../../auth/access.decorators';
import type { Principal } from '../../auth/principal';
import { ExpensiveRoute } from '../../rate-limit/expensive-route.decorator';
import { ServiceRouter } from '../../routing/service-router';
import { ApiAuthenticated } from '../../shared/openapi';
import { OrgNameDirectory } from './org-name.directory';
import { CreatePreviewLinkDto, PreviewLinkDto } from './preview-link.dto';
import { WeeklyPreviewLinks } from './weekly-preview-link';

/** Sending the report and changing its schedule: admins, or keys with the admin scope. */
const ADMINS = { role: 'admin', scope: 'admin' } as const;

/** The weekly executive report: preview, send now, and its schedule, forwarded to reporting. */
@ApiTags('reports')
@Controller('api/v1/reports/weekly')
@ApiAuthenticated()
export class WeeklyReportsController {
  constructor(
    private readonly router: ServiceRouter,
    private readonly orgNames: OrgNameDirectory,
    private readonly links: WeeklyPreviewLinks,
  ) {}

  @Get('preview')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'The weekly report e-mail as it would be sent now',
    description:
      'HTML. Its charts are `cid:` references to PNG attachments, as in the e-mail; ' +
      '`inlineImages=true` embeds them as data: URIs so a browser shows them. Sections whose ' +
      'service does not answer say they have no data yet. Default week: the last complete one ' +
      "in the organisation's time zone. Titled with the report name of the schedule, else the " +
      "organisation's name. To open it in a browser, without a credential, ask for a link " +
      '(`POST /api/v1/reports/weekly/preview-link`).',
  })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'The HTML part of the e-mail.', schema: { type: 'string' } })
  async preview(
    @CurrentPrincipal() principal: Principal,
    @Query() query: WeeklyPreviewQueryDto,
  ): Promise<string> {
    const message: WeeklyPreviewMessageDto = {
      ...query,
      orgName: await this.orgNames.nameOf(principal.orgId),
    };
    const preview = await this.router.send<WeeklyPreviewDto>(
      'reporting',
      WEEKLY_REPORT_PATTERNS.preview,
      message,
    );
    return preview.html;
  }

  @Post('preview-link')
  // A link opens the preview to whoever holds it: who gave one out, and until when, is kept.
  @Audited({
    action: 'report.preview_link_created',
    details: ({ body, result }) => ({
      ...(body as CreatePreviewLinkDto),
      expiresAt: (result as PreviewLinkDto).expiresAt,
    }),
  })
  @ApiOperation({
    summary: 'A short-lived link that opens the preview in a browser',
    description:
      'The link carries a signed token (HMAC-SHA256) naming the organisation, the week and ' +
      'its expiry (`PREVIEW_LINK_TTL_SECONDS`, default 15 minutes): whoever holds it sees ' +
      "this organisation's preview, with its charts embedded, without a credential, until it " +
      'expires. It cannot be changed to show another organisation or week. Share it as you ' +
      'would the preview itself.',
  })
  @ApiCreatedResponse({ type: PreviewLinkDto, description: 'The link and when it expires.' })
  previewLink(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreatePreviewLinkDto,
  ): PreviewLinkDto {
    return this.links.create({ orgId: principal.orgId, ...body });
  }

  @Post('send')
  @HttpCode(202)
  @Access(ADMINS)
  @ExpensiveRoute()
  @ApiOperation({
    summary: 'Send the weekly report now',
    description:
      'Sends the report of a complete week (default: the last one) to every subscribed ' +
      'recipient it has not reached yet, in the background, and answers the run as it starts. ' +
      'Pressing it again, or the schedule firing meanwhile, sends nobody the same week twice. ' +
      'Counts toward the lower limit of expensive routes.',
  })
  @ApiAcceptedResponse({ type: ReportRunDto })
  async send(
    @CurrentPrincipal() principal: Principal,
    @Body() body: SendWeeklyReportDto,
  ): Promise<ReportRunDto> {
    const message: SendWeeklyReportMessageDto = {
      ...body,
      orgName: await this.orgNames.nameOf(principal.orgId),
    };
    return this.router.send('reporting', WEEKLY_REPORT_PATTERNS.send, message);
  }

  @Get('schedule')
  @ApiOperation({ summary: 'When the weekly report goes out, and the next time it will' })
  @ApiOkResponse({ type: ReportScheduleDto })
  schedule(): Promise<ReportScheduleDto> {
    return this.router.send('reporting', WEEKLY_REPORT_PATTERNS.scheduleGet, {});
  }

  @Put('schedule')
  @Access(ADMINS)
  @ApiOperation({
    summary: 'Change the weekday, time, time zone or organisation name of the report',
    description: 'Fields left out keep their value. Default: Monday 08:00 UTC.',
  })
  @ApiOkResponse({ type: ReportScheduleDto })
  putSchedule(@Body() body: PutReportScheduleDto): Promise<ReportScheduleDto> {
    return this.router.send('reporting', WEEKLY_REPORT_PATTERNS.schedulePut, body);
  }
}
