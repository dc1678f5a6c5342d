import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  TRAFFIC_SERIES_FLUSHED_EVENT,
  TrafficSeriesFlushedEvent,
  UnauthorizedError,
} from '@vantage/contracts';
import { currentContext } from '@vantage/observability';
import { TrafficSeriesCatalogue } from './traffic-series-catalogue';

/**
 * Follows the traffic monitor's flushes into the traffic series catalogue; the org is the
 * envelope's. One replica handles each event; a redelivered one widens nothing further
 * ($min/$max on the org's document).
 */
@Controller()
export class TrafficSeriesFeedHandler {
  constructor(private readonly catalogue: TrafficSeriesCatalogue) {}

  @EventPattern(TRAFFIC_SERIES_FLUSHED_EVENT)
  flushed(@Payload() event: TrafficSeriesFlushedEvent): Promise<void> {
    const orgId = currentContext()?.orgId;
    if (!orgId) throw new UnauthorizedError('flushed traffic series must carry their organisation');
    return this.catalogue.record(
      orgId,
      event.series.map((series) => ({
        eventId: series.eventId,
        firstMs: Date.parse(series.first),
        lastMs: Date.parse(series.last),
      })),
    );
  }
}
