import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import {
  ANOMALY_ID_PATTERN,
  SERIES_ID_PATTERN,
  AnomalyDto,
  AnomalyPageDto,
  ForecastDto,
  type ForecastMessage,
  ForecastQueryDto,
  ListAnomaliesDto,
  TELEMETRY_ANOMALY_PATTERNS,
  TELEMETRY_FORECAST_PATTERN,
} from '@vantage/contracts';
import { Access } from '../../auth/access.decorators';
import { ExpensiveRoute } from '../../rate-limit/expensive-route.decorator';
import { ServiceRouter } from '../../routing/service-router';
import { ApiAuthenticated } from '../../shared/openapi';
import { ResourceIdPipe } from '../../shared/resource-id.pipe';

/** An id of another shape cannot exist: a 404, like another organisation's id. */
const ANOMALY_ID = new ResourceIdPipe(ANOMALY_ID_PATTERN, 'no such anomaly');
const SERIES_ID = new ResourceIdPipe(SERIES_ID_PATTERN, 'no such series');

/** Who may acknowledge an anomaly: analysts and up, or keys with the admin scope. */
const RESPONDERS = { role: 'analyst', scope: 'admin' } as const;
const SERIES_ID_EXAMPLE = 'ser_Vb7Nc4kT9wQ1mZp8Lx2a3f';
const ANOMALY_ID_EXAMPLE = 'tan_3kT9wQ1mZp8Lx2Vb7Nc4';

/**
 * Forecasts of series and the anomalies the streaming detector finds in them, forwarded to
 * the telemetry service. Reading is open to every member and `read` keys.
 */
@ApiTags('telemetry')
@Controller('api/v1/telemetry')
@ApiAuthenticated()
export class ForecastAnomalyController {
  constructor(private readonly router: ServiceRouter) {}

  @Get('series/:id/forecast')
  @ExpensiveRoute()
  @ApiOperation({
    summary: 'Forecast a series',
    description:
      "The model is chosen automatically; point forecast and the `level` intervals (80, 95 or both, e.g. `level=80,95`) for `horizon` steps (1-500, default 48) after the last observed step, at the series' natural step unless `stepMs` is given. Cached until new data arrives (`generatedAt` tells). Too little history (under 24 observed points) answers 400. Counts toward the lower limit of expensive routes.",
  })
  @ApiParam({ name: 'id', example: SERIES_ID_EXAMPLE })
  @ApiOkResponse({ type: ForecastDto })
  @ApiAuthenticated(404, 503)
  forecast(
    @Param('id', SERIES_ID) id: string,
    @Query() query: ForecastQueryDto,
  ): Promise<ForecastDto> {
    const { level, ...options } = query;
    const message: ForecastMessage = {
      ...options,
      seriesId: id,
      ...(level === undefined ? {} : { levels: level }),
    };
    return this.router.send('telemetry', TELEMETRY_FORECAST_PATTERN, message);
  }

  @Get('anomalies')
  @ApiOperation({
    summary: 'Anomalies found in the series',
    description:
      'Newest point first, in pages joined by `cursor`; filters: seriesId, status (comma-separated), from/to (point time), minScore (0-1).',
  })
  @ApiOkResponse({ type: AnomalyPageDto })
  list(@Query() query: ListAnomaliesDto): Promise<AnomalyPageDto> {
    return this.router.send('telemetry', TELEMETRY_ANOMALY_PATTERNS.list, query);
  }

  @Get('anomalies/:id')
  @ApiOperation({ summary: 'One anomaly' })
  @ApiParam({ name: 'id', example: ANOMALY_ID_EXAMPLE })
  @ApiOkResponse({ type: AnomalyDto })
  @ApiAuthenticated(404)
  get(@Param('id', ANOMALY_ID) id: string): Promise<AnomalyDto> {
    return this.router.send('telemetry', TELEMETRY_ANOMALY_PATTERNS.get, { id });
  }

  @Post('anomalies/:id/acknowledge')
  @HttpCode(200)
  @Access(RESPONDERS)
  @ApiOperation({
    summary: 'Acknowledge an anomaly',
    description: 'Records who and when; acknowledging again answers it unchanged.',
  })
  @ApiParam({ name: 'id', example: ANOMALY_ID_EXAMPLE })
  @ApiOkResponse({ type: AnomalyDto })
  @ApiAuthenticated(404)
  acknowledge(@Param('id', ANOMALY_ID) id: string): Promise<AnomalyDto> {
    return this.router.send('telemetry', TELEMETRY_ANOMALY_PATTERNS.acknowledge, {
      id,
    });
  }
}
