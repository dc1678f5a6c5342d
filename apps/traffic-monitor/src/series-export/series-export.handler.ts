import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  TRAFFIC_EXPORT_MAX_BUCKETS,
  TRAFFIC_SERIES_EXPORT_PATTERNS,
  type TrafficCataloguedReply,
  TrafficCountsRequest,
  type TrafficCountsReply,
  TrafficEventIdsRequest,
  type TrafficEventIdsReply,
  ValidationFailedError,
} from '@vantage/contracts';
import { MessageOrg } from '@vantage/service-runtime';
import { RESOLUTION_MS } from '../buckets/bucket-query';
import { BucketReader } from '../buckets/bucket-reader';
import { alignDown, assertRowBudget } from '../buckets/bucket-time';
import { EventIdCatalogue } from '../event-ids/event-id-catalogue';

/**
 * Read-only access to event counts for the telemetry service, which reads them as series
 * (`traffic:<eventId>`) without copying them: zero-filled counts of one event id at one
 * resolution, and the event ids counted in a range. Through BucketReader, so counts still
 * pending in Redis are included. Also the org's catalogued event ids (one keyed read), with which
 * telemetry fills its traffic series catalogue once for counts flushed before it listened.
 */
@Controller()
export class SeriesExportHandler {
  constructor(
    private readonly reader: BucketReader,
    private readonly catalogue: EventIdCatalogue,
  ) {}

  @MessagePattern(TRAFFIC_SERIES_EXPORT_PATTERNS.counts)
  async counts(
    @MessageOrg() orgId: string,
    @Payload() request: TrafficCountsRequest,
  ): Promise<TrafficCountsReply> {
    const step = RESOLUTION_MS[request.resolution];
    const from = alignDown(Date.parse(request.from), step);
    const to = Date.parse(request.to);
    if (!(from < to)) throw rangeError();
    assertRowBudget(Math.ceil((to - from) / step), TRAFFIC_EXPORT_MAX_BUCKETS);
    const points = await this.reader.series({
      orgId,
      resolution: request.resolution,
      from: new Date(from),
      to: new Date(to),
      eventIds: [request.eventId],
    });
    return {
      eventId: request.eventId,
      resolution: request.resolution,
      from: new Date(from).toISOString(),
      counts: points.map((point) => point.count),
    };
  }

  @MessagePattern(TRAFFIC_SERIES_EXPORT_PATTERNS.eventIds)
  async eventIds(
    @MessageOrg() orgId: string,
    @Payload() request: TrafficEventIdsRequest,
  ): Promise<TrafficEventIdsReply> {
    const from = Date.parse(request.from);
    const to = Date.parse(request.to);
    if (!(from < to)) throw rangeError();
    // Hourly buckets: a 7-day listing reads 168 rows per event id, and the open hour counts.
    const totals = await this.reader.totalsByEventId({
      orgId,
      resolution: 'hour',
      from: new Date(alignDown(from, RESOLUTION_MS.hour)),
      to: new Date(to),
    });
    return { items: totals.slice(0, request.limit) };
  }

  @MessagePattern(TRAFFIC_SERIES_EXPORT_PATTERNS.catalogued)
  async catalogued(@MessageOrg() orgId: string): Promise<TrafficCataloguedReply> {
    return { eventIds: (await this.catalogue.list(orgId)).eventIds };
  }
}

function rangeError(): ValidationFailedError {
  return new ValidationFailedError('from must be before to', [
    { field: 'from', message: 'from must be before to' },
  ]);
}
