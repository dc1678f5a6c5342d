import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import {
  CreateSloDto,
  HealthScoreDto,
  HealthScoreListDto,
  NotFoundError,
  SLO_ID_PATTERN,
  SLO_SERVICE_PATTERN,
  SloDto,
  SloListDto,
  SloStatusDto,
  TELEMETRY_HEALTH_SCORE_PATTERNS,
  TELEMETRY_SLO_PATTERNS,
  UpdateSloDto,
} from '@vantage/contracts';
import { Access } from '../../auth/access.decorators';
import { ServiceRouter } from '../../routing/service-router';
import { ApiAuthenticated } from '../../shared/openapi';
import { ResourceIdPipe } from '../../shared/resource-id.pipe';

/** An id of another shape cannot exist: a 404, like another organisation's id. */
const SLO_ID = new ResourceIdPipe(SLO_ID_PATTERN, 'no such SLO');

/** Who may define SLOs: admins and up, or keys with the admin scope. */
const SLO_EDITORS = { role: 'admin', scope: 'admin' } as const;
const SLO_ID_EXAMPLE = 'slo_4fGh7Jk2Lm9Np3Qr5St8';

/**
 * SLOs (error budgets, burn-rate alerts) and service health scores, forwarded to the telemetry
 * service. Reads are open to every member and `read` keys; SLO changes take an admin.
 */
@ApiTags('telemetry')
@Controller('api/v1/telemetry')
@ApiAuthenticated()
export class SloHealthController {
  constructor(private readonly router: ServiceRouter) {}

  @Get('slos')
  @ApiOperation({ summary: "The organisation's SLOs" })
  @ApiOkResponse({ type: SloListDto })
  list(): Promise<SloListDto> {
    return this.router.send('telemetry', TELEMETRY_SLO_PATTERNS.list, {});
  }

  @Post('slos')
  @Access(SLO_EDITORS)
  @ApiOperation({
    summary: 'Define an SLO',
    description:
      'Availability (good/total requests; by default `vantage.<service>.requests` and ' +
      '`.errors`) or latency (share of minutes whose percentile is under `thresholdMs`), a ' +
      'target between 0.9 and 0.99999 over a rolling window (default 30 days).',
  })
  @ApiCreatedResponse({ type: SloDto })
  create(@Body() body: CreateSloDto): Promise<SloDto> {
    return this.router.send('telemetry', TELEMETRY_SLO_PATTERNS.create, body);
  }

  @Get('slos/:id')
  @ApiOperation({ summary: 'One SLO' })
  @ApiParam({ name: 'id', example: SLO_ID_EXAMPLE })
  @ApiOkResponse({ type: SloDto })
  @ApiAuthenticated(404)
  get(@Param('id', SLO_ID) id: string): Promise<SloDto> {
    return this.router.send('telemetry', TELEMETRY_SLO_PATTERNS.get, { id });
  }

  @Get('slos/:id/status')
  @ApiOperation({
    summary: 'SLI, error budget, burn rates and firing alerts of an SLO',
    description:
      'Burn rates over 5m, 30m, 1h, 6h and 3d; alerts per the SRE workbook: page when 1h and ' +
      '5m burn over 14.4 or 6h and 30m over 6, ticket when 3d and 6h burn over 1.',
  })
  @ApiParam({ name: 'id', example: SLO_ID_EXAMPLE })
  @ApiOkResponse({ type: SloStatusDto })
  @ApiAuthenticated(404, 503)
  status(@Param('id', SLO_ID) id: string): Promise<SloStatusDto> {
    return this.router.send('telemetry', TELEMETRY_SLO_PATTERNS.status, { id });
  }

  @Patch('slos/:id')
  @Access(SLO_EDITORS)
  @ApiOperation({ summary: 'Change an SLO (name, target, window, latency threshold)' })
  @ApiParam({ name: 'id', example: SLO_ID_EXAMPLE })
  @ApiOkResponse({ type: SloDto })
  @ApiAuthenticated(404)
  update(@Param('id', SLO_ID) id: string, @Body() body: UpdateSloDto): Promise<SloDto> {
    return this.router.send('telemetry', TELEMETRY_SLO_PATTERNS.update, { ...body, id });
  }

  @Delete('slos/:id')
  @HttpCode(200)
  @Access(SLO_EDITORS)
  @ApiOperation({ summary: 'Delete an SLO' })
  @ApiParam({ name: 'id', example: SLO_ID_EXAMPLE })
  @ApiOkResponse({ type: SloDto, description: 'The deleted SLO' })
  @ApiAuthenticated(404)
  remove(@Param('id', SLO_ID) id: string): Promise<SloDto> {
    return this.router.send('telemetry', TELEMETRY_SLO_PATTERNS.delete, { id });
  }

  @Get('health-scores')
  @ApiOperation({
    summary: 'Health score of every Vantage service',
    description:
      'From the golden signals of the last 5 minutes: latency, errors, CPU, memory and traffic ' +
      'against the same window a day earlier, weighted into 0-100, a grade A+ to F and a ' +
      'status (healthy >= 80, degraded >= 60, critical below).',
  })
  @ApiOkResponse({ type: HealthScoreListDto })
  healthScores(): Promise<HealthScoreListDto> {
    return this.router.send('telemetry', TELEMETRY_HEALTH_SCORE_PATTERNS.list, {});
  }

  @Get('health-scores/:service')
  @ApiOperation({ summary: 'Health score of one service' })
  @ApiParam({ name: 'service', example: 'gateway' })
  @ApiOkResponse({ type: HealthScoreDto })
  @ApiAuthenticated(404)
  healthScore(@Param('service') service: string): Promise<HealthScoreDto> {
    if (!SLO_SERVICE_PATTERN.test(service)) throw new NotFoundError(`no service ${service}`);
    return this.router.send('telemetry', TELEMETRY_HEALTH_SCORE_PATTERNS.get, { service });
  }
}
