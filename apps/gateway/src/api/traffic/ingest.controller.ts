import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  IDEMPOTENCY_KEY_PATTERN,
  IngestEventsDto,
  type IngestEventsMessage,
  IngestResultDto,
  INGEST_MAX_EVENTS,
  TRAFFIC_INGEST_PATTERN,
  ValidationFailedError,
} from '@vantage/contracts';
import { Access } from '../../auth/access.decorators';
import { ServiceRouter } from '../../routing/service-router';
import { ApiAuthenticated } from '../../shared/openapi';

const IDEMPOTENCY_HEADER = 'Idempotency-Key';

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
  @ApiOperation({
    summary: 'Ingest a batch of traffic events',
    description:
      `Up to ${INGEST_MAX_EVENTS} events. Each event is accepted or refused on its own; refused ` +
      'ones are listed with their index and reason. Send an Idempotency-Key so that a batch ' +
      'retried after a timeout or a 503 is counted once: the retry gets the first answer. ' +
      'Counts are readable at once and stored as minute, hour and day buckets.',
  })
  @ApiHeader({
    name: IDEMPOTENCY_HEADER,
    required: false,
    schema: { type: 'string', pattern: IDEMPOTENCY_KEY_PATTERN.source },
    description:
      'Recommended. 8 to 255 characters of letters, digits and _ . : ~ + = / - (a UUID is ' +
      'fine); one per batch, remembered 24 hours. Reusing it for a different batch is a 409.',
  })
  @ApiAcceptedResponse({ type: IngestResultDto, description: 'Accepted and refused events' })
  @ApiAuthenticated(409, 413, 503)
  ingest(
    @Body() body: IngestEventsDto,
    @Headers(IDEMPOTENCY_HEADER) idempotencyKey?: string,
  ): Promise<IngestResultDto> {
    const message: IngestEventsMessage = { events: body.events };
    if (idempotencyKey !== undefined) {
      if (!IDEMPOTENCY_KEY_PATTERN.test(idempotencyKey)) {
        throw new ValidationFailedError('the Idempotency-Key header is not valid', [
          {
            field: IDEMPOTENCY_HEADER,
            message: 'must be 8 to 255 characters of letters, digits and _ . : ~ + = / -',
          },
        ]);
      }
      message.idempotencyKey = idempotencyKey;
    }
    return this.router.send('traffic-monitor', TRAFFIC_INGEST_PATTERN, message);
  }
}
