import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseIntPipe,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import {
  DASHBOARD_PATTERNS,
  DashboardConfigDto,
  DashboardConfigHistoryDto,
  DashboardConfigHistoryQueryDto,
  DashboardPageDto,
  DashboardQueryDto,
  DashboardStatsDto,
  DashboardStatsQueryDto,
  NotFoundError,
  PutDashboardConfigDto,
} from '@vantage/contracts';
import { Audited, type AuditedCall, targetInResult } from '../../audit/audited.decorator';
import { Access } from '../../auth/access.decorators';
import { ServiceRouter } from '../../routing/service-router';
import { ApiAuthenticated } from '../../shared/openapi';

/** Who may change the dashboard configuration: admins, or keys with the admin scope. */
const CONFIG_EDITORS = { role: 'admin', scope: 'admin' } as const;

/** Event health against the baseline, and the versioned settings it is computed with. */
@ApiTags('dashboard')
@Controller('api/v1/dashboard')
@ApiAuthenticated()
export class DashboardController {
  constructor(private readonly router: ServiceRouter) {}

  @Get('stats')
  @ApiOperation({
    summary: 'Event ids counted by health status and by RAD set',
    description:
      'Health in the window of the dashboard config (default: the last 24 hours up to now, ' +
      'the current hour included, against the same hours in each of the 4 weeks before). ' +
      '`window` says which window and baseline were used and how they were chosen; `asOf` ' +
      'judges the window as it stood then. Rules: docs/dashboard.md.',
  })
  @ApiOkResponse({ type: DashboardStatsDto })
  stats(@Query() query: DashboardStatsQueryDto): Promise<DashboardStatsDto> {
    return this.router.send('traffic-monitor', DASHBOARD_PATTERNS.stats, query);
  }

  @Post('query')
  @HttpCode(200)
  @ApiOperation({
    summary: 'The health of each event id, filtered, sorted and paged',
    description:
      'Rows: current, baseline, change %, z-score, status (CRITICAL, WARNING, INCREASED, ' +
      'NORMAL; LOW_VOLUME and NO_BASELINE are reported, not scored) and business impact, in ' +
      'the same window as stats, named in `window` (docs/dashboard.md).',
  })
  @ApiOkResponse({ type: DashboardPageDto })
  query(@Body() body: DashboardQueryDto): Promise<DashboardPageDto> {
    return this.router.send('traffic-monitor', DASHBOARD_PATTERNS.query, body);
  }

  @Get('config')
  @ApiOperation({ summary: 'The current dashboard configuration and its version' })
  @ApiOkResponse({ type: DashboardConfigDto })
  getConfig(): Promise<DashboardConfigDto> {
    return this.router.send('traffic-monitor', DASHBOARD_PATTERNS.getConfig, {});
  }

  @Put('config')
  @Access(CONFIG_EDITORS)
  @Audited({ action: 'dashboard.config_changed', target: configVersion })
  @ApiOperation({
    summary: 'Change the dashboard configuration',
    description:
      'Fields left out keep their value; a change is kept as a new version with who and ' +
      'when. With `baseVersion`, a concurrent change answers 409 instead of being overwritten.',
  })
  @ApiOkResponse({ type: DashboardConfigDto })
  @ApiAuthenticated(409)
  putConfig(@Body() body: PutDashboardConfigDto): Promise<DashboardConfigDto> {
    return this.router.send('traffic-monitor', DASHBOARD_PATTERNS.putConfig, body);
  }

  @Get('config/history')
  @ApiOperation({ summary: 'Every version of the dashboard configuration, newest first' })
  @ApiOkResponse({ type: DashboardConfigHistoryDto })
  history(@Query() query: DashboardConfigHistoryQueryDto): Promise<DashboardConfigHistoryDto> {
    return this.router.send('traffic-monitor', DASHBOARD_PATTERNS.configHistory, query);
  }

  @Post('config/rollback/:version')
  @HttpCode(200)
  @Access(CONFIG_EDITORS)
  @Audited({
    action: 'dashboard.config_rolled_back',
    target: configVersion,
    details: ({ params }) => ({ restoredVersion: Number(params['version']) }),
  })
  @ApiOperation({
    summary: 'Make an older version current again',
    description: 'Appends a new version holding the settings of `version`.',
  })
  @ApiParam({ name: 'version', type: Number, example: 3 })
  @ApiOkResponse({ type: DashboardConfigDto })
  @ApiAuthenticated(404)
  rollback(
    @Param('version', new ParseIntPipe({ exceptionFactory: () => noSuchVersion() }))
    version: number,
  ): Promise<DashboardConfigDto> {
    if (version < 1) throw noSuchVersion();
    return this.router.send('traffic-monitor', DASHBOARD_PATTERNS.rollbackConfig, { version });
  }
}

/** A change of the configuration is its new version: `v7`. */
function configVersion(call: AuditedCall): string | null {
  const version = targetInResult('version')(call);
  return version === null ? null : `v${version}`;
}

function noSuchVersion(): NotFoundError {
  return new NotFoundError('no such dashboard config version');
}
