import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import {
  IngestSamplesDto,
  type IngestSamplesMessage,
  QualityListDto,
  QualityListQueryDto,
  SampleIngestResultDto,
  SAMPLES_MAX_PER_BATCH,
  SERIES_ID_PATTERN,
  SeriesDto,
  SeriesListDto,
  SeriesListQueryDto,
  SeriesPointsDto,
  SeriesPointsQueryDto,
  SeriesQualityDto,
  SeriesQualityQueryDto,
  TELEMETRY_SAMPLES_INGEST_PATTERN,
  TELEMETRY_SERIES_PATTERNS,
} from '@vantage/contracts';
import { Access } from '../../auth/access.decorators';
import { ServiceRouter } from '../../routing/service-router';
import {
  ApiIdempotencyKey,
  checkedIdempotencyKey,
  IDEMPOTENCY_HEADER,
} from '../../shared/idempotency-key';
import { ApiAuthenticated } from '../../shared/openapi';
import { ResourceIdPipe } from '../../shared/resource-id.pipe';

/** An id that cannot be a series id is a 404, like another organisation's id. */
const SERIES_ID = new ResourceIdPipe(SERIES_ID_PATTERN, 'no such series');
const SERIES_ID_EXAMPLE = 'ser_Vb7Nc4kT9wQ1mZp8Lx2a3f';

/**
 * Telemetry: samples pushed by clients, the series catalogue with points, and data quality,
 * forwarded to the telemetry service. Reads are open to every member and `read` keys (the
 * default rule); pushing samples takes an `ingest` key or an analyst.
 */
@ApiTags('telemetry')
@Controller('api/v1/telemetry')
@ApiAuthenticated()
export class TelemetryController {
  constructor(private readonly router: ServiceRouter) {}

  @Post('samples')
  @HttpCode(202)
  @Access({ role: 'analyst', scope: 'ingest' })
  @ApiOperation({
    summary: 'Push a batch of samples',
    description:
      `Up to ${SAMPLES_MAX_PER_BATCH} samples of \`{series, timestamp, value, labels?}\`. Each is ` +
      'accepted or refused on its own; refused ones are listed with their index and reason. ' +
      'Non-finite values and negative counts are refused and counted against the series’ data ' +
      'quality. Send an Idempotency-Key so a retried batch is stored once.',
  })
  @ApiIdempotencyKey()
  @ApiAcceptedResponse({ type: SampleIngestResultDto, description: 'Accepted and refused samples' })
  @ApiAuthenticated(409, 413, 503)
  ingest(
    @Body() body: IngestSamplesDto,
    @Headers(IDEMPOTENCY_HEADER) idempotencyKey?: string,
  ): Promise<SampleIngestResultDto> {
    const message: IngestSamplesMessage = { samples: body.samples };
    if (idempotencyKey !== undefined)
      message.idempotencyKey = checkedIdempotencyKey(idempotencyKey);
    return this.router.send('telemetry', TELEMETRY_SAMPLES_INGEST_PATTERN, message);
  }

  @Get('series')
  @ApiOperation({
    summary: "The organisation's series",
    description:
      'Stored series (pushed samples; golden signals in the system organisation) by name, a ' +
      'page at a time; `source=traffic` lists, by id, the event ids whose counts the traffic ' +
      'monitor has flushed, as `traffic:<eventId>` series with their first and last minute ' +
      '(`namePrefix` then filters event ids; an id appears once its first minute is flushed).',
  })
  @ApiOkResponse({ type: SeriesListDto })
  list(@Query() query: SeriesListQueryDto): Promise<SeriesListDto> {
    return this.router.send('telemetry', TELEMETRY_SERIES_PATTERNS.list, query);
  }

  @Get('series/:id')
  @ApiOperation({ summary: 'One series' })
  @ApiParam({ name: 'id', example: SERIES_ID_EXAMPLE })
  @ApiOkResponse({ type: SeriesDto })
  @ApiAuthenticated(404)
  get(@Param('id', SERIES_ID) id: string): Promise<SeriesDto> {
    return this.router.send('telemetry', TELEMETRY_SERIES_PATTERNS.get, { id });
  }

  @Get('series/:id/points')
  @ApiOperation({
    summary: 'Points of a series over a range',
    description:
      'One point per step, aligned to the step, `null` where the step holds no sample. ' +
      'Aggregations: avg, sum, min, max, count, last. At most 10,000 points per read.',
  })
  @ApiParam({ name: 'id', example: SERIES_ID_EXAMPLE })
  @ApiOkResponse({ type: SeriesPointsDto })
  @ApiAuthenticated(404, 503)
  points(
    @Param('id', SERIES_ID) id: string,
    @Query() query: SeriesPointsQueryDto,
  ): Promise<SeriesPointsDto> {
    return this.router.send('telemetry', TELEMETRY_SERIES_PATTERNS.points, {
      ...query,
      id,
    });
  }

  @Get('series/:id/quality')
  @ApiOperation({
    summary: 'Data quality of a series',
    description:
      'Completeness, timeliness, validity and duplicates over the window ending now, a score ' +
      'and whether the series is flagged (do not alarm on it: its data is the problem).',
  })
  @ApiParam({ name: 'id', example: SERIES_ID_EXAMPLE })
  @ApiOkResponse({ type: SeriesQualityDto })
  @ApiAuthenticated(404)
  quality(
    @Param('id', SERIES_ID) id: string,
    @Query() query: SeriesQualityQueryDto,
  ): Promise<SeriesQualityDto> {
    return this.router.send('telemetry', TELEMETRY_SERIES_PATTERNS.quality, {
      ...query,
      id,
    });
  }

  @Get('quality')
  @ApiOperation({
    summary: 'Data quality of every recently active series',
    description: 'Series with a sample in the last 7 days, lowest score first.',
  })
  @ApiOkResponse({ type: QualityListDto })
  qualityList(@Query() query: QualityListQueryDto): Promise<QualityListDto> {
    return this.router.send('telemetry', TELEMETRY_SERIES_PATTERNS.qualityList, query);
  }
}
