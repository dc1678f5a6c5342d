import { Body, Controller, Get, Header, HttpCode, Post, Put, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
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
  WEEKLY_REPORT_PATTERNS,
  type WeeklyPreviewDto,
  WeeklyPreviewQueryDto,
} from '@vantage/contracts';
import { Access } from '../../auth/access.decorators';
import { ExpensiveRoute } from '../../rate-limit/expensive-route.decorator';
import { ServiceRouter } from '../../routing/service-router';
import { ApiAuthenticated } from '../../shared/openapi';

/** Sending the report and changing its schedule: admins, or keys with the admin scope. */
const ADMINS = { role: 'admin', scope: 'admin' } as const;

/** The weekly executive report: preview, send now, and its schedule, forwarded to reporting. */
@ApiTags('reports')
@Controller('api/v1/reports/weekly')
@ApiAuthenticated()
export class WeeklyReportsController {
  constructor(private readonly router: ServiceRouter) {}

  @Get('preview')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'The weekly report e-mail as it would be sent now',
    description:
      'HTML. Its charts are `cid:` references to PNG attachments, as in the e-mail; ' +
      '`inlineImages=true` embeds them as data: URIs so a browser shows them. Sections whose ' +
      'service does not answer say they have no data yet. Default week: the last complete one ' +
      "in the organisation's time zone.",
  })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'The HTML part of the e-mail.', schema: { type: 'string' } })
  async preview(@Query() query: WeeklyPreviewQueryDto): Promise<string> {
    const preview = await this.router.send<WeeklyPreviewDto>(
      'reporting',
      WEEKLY_REPORT_PATTERNS.preview,
      query,
    );
    return preview.html;
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
  send(@Body() body: SendWeeklyReportDto): Promise<ReportRunDto> {
    return this.router.send('reporting', WEEKLY_REPORT_PATTERNS.send, body);
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
