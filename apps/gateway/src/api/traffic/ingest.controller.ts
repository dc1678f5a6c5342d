import { Body, Controller, Headers, HttpCode, Post, UseInterceptors } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  IngestEventsDto,
  type IngestEventsMessage,
  IngestResultDto,
  INGEST_MAX_EVENTS,
  TRAFFIC_INGEST_PATTERN,
} from '@vantage/contracts';
import { Access } from '../../auth/access.decorators';
import { ServiceRouter } from '../../routing/service-router';
import {
  ApiIdempotencyKey,
  checkedIdempotencyKey,
  IDEMPOTENCY_HEADER,
} from '../../shared/idempotency-key';
import { ApiAuthenticated } from '../../shared/openapi';
import { IngestedEventsInterceptor } from '../../usage/ingested-events.interceptor';

/**
 * Traffic event ingestion: ingestion agents with an `ingest` key, and members from analyst up
 * (backfills from a script run by a person). The envelope is checked here; each event is checked
 * by the traffic-monitor, which answers per index why it refused one.
 */
@ApiTags('traffic')
@Controller('api/v1/traffic/events')
export class IngestController {
  constructor(private readonly router: ServiceRouter) {}

  @Post()
  @HttpCode(202)
  @Access({ role: 'analyst', scope: 'ingest' })
  // The accepted count, for the usage record of this request.
  @UseInterceptors(IngestedEventsInterceptor)
  @ApiOperation({
    summary: 'Ingest a batch of traffic events',
    description:
      `Up to ${INGEST_MAX_EVENTS} events. Each event is accepted or refused on its own; refused ` +
      'ones are listed with their index and reason. Send an Idempotency-Key so that a batch ' +
      'retried after a timeout or a 503 is counted once: the retry gets the first answer. ' +
      'Counts are readable at once and stored as minute, hour and day buckets.',
  })
  @ApiIdempotencyKey()
  @ApiAcceptedResponse({ type: IngestResultDto, description: 'Accepted and refused events' })
  @ApiAuthenticated(409, 413, 503)
  ingest(
    @Body() body: IngestEventsDto,
    @Headers(IDEMPOTENCY_HEADER) idempotencyKey?: string,
  ): Promise<IngestResultDto> {
    const message: IngestEventsMessage = { events: body.events };
    if (idempotencyKey !== undefined)
      message.idempotencyKey = checkedIdempotencyKey(idempotencyKey);
    return this.router.send('traffic-monitor', TRAFFIC_INGEST_PATTERN, message);
  }
}
