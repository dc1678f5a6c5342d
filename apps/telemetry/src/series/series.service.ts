import { Injectable } from '@nestjs/common';
import {
  type SeriesDto,
  type SeriesListDto,
  type SeriesListQueryDto,
  type SeriesPointsDto,
  type SeriesPointsMessage,
  TRAFFIC_SERIES_ID_PATTERN,
  TRAFFIC_SERIES_NAME,
  TRAFFIC_SERIES_PREFIX,
} from '@vantage/contracts';
import { resolvePointsQuery } from './points-query';
import { SeriesCatalogue, toSeriesDto } from './series-catalogue';
import { SeriesReader } from './series-reader';
import { TrafficSeriesClient } from './traffic-series.client';

/** How far back the traffic listing looks for event ids. */
const TRAFFIC_LIST_DAYS = 7;
const DAY_MS = 86_400_000;
const DEFAULT_LIMIT = 100;

/** The series API: catalogue pages, one series, and its points (HTTP input resolved here). */
@Injectable()
export class SeriesService {
  constructor(
    private readonly catalogue: SeriesCatalogue,
    private readonly reader: SeriesReader,
    private readonly traffic: TrafficSeriesClient,
  ) {}

  list(orgId: string, query: SeriesListQueryDto, now = Date.now()): Promise<SeriesListDto> {
    if (query.source === 'traffic') return this.trafficList(orgId, query, now);
    return this.catalogue.list(orgId, query);
  }

  async get(orgId: string, id: string): Promise<SeriesDto> {
    if (TRAFFIC_SERIES_ID_PATTERN.test(id))
      return trafficSeries(id.slice(TRAFFIC_SERIES_PREFIX.length));
    return toSeriesDto(await this.catalogue.get(orgId, id));
  }

  points(orgId: string, message: SeriesPointsMessage, now = Date.now()): Promise<SeriesPointsDto> {
    const query = resolvePointsQuery(message, now);
    return this.reader.points(orgId, message.id, {
      from: new Date(query.fromMs),
      to: new Date(query.toMs),
      stepMs: query.stepMs,
      aggregation: query.aggregation,
    });
  }

  /** Event ids the traffic monitor counted lately, busiest first; one page, no cursor. */
  private async trafficList(
    orgId: string,
    query: SeriesListQueryDto,
    now: number,
  ): Promise<SeriesListDto> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const { items } = await this.catalogueOfTraffic(orgId, now, query.namePrefix ? 10_000 : limit);
    const matching = items.filter(
      (item) => !query.namePrefix || item.eventId.startsWith(query.namePrefix),
    );
    return {
      items: matching.slice(0, limit).map((item) => trafficSeries(item.eventId)),
      next: null,
    };
  }

  private catalogueOfTraffic(orgId: string, now: number, limit: number) {
    return this.traffic.eventIds(orgId, {
      from: new Date(now - TRAFFIC_LIST_DAYS * DAY_MS).toISOString(),
      to: new Date(now).toISOString(),
      limit,
    });
  }
}

/** Traffic series exist for every valid event id: their counts are zero until events come. */
function trafficSeries(eventId: string): SeriesDto {
  return {
    id: `${TRAFFIC_SERIES_PREFIX}${eventId}`,
    name: TRAFFIC_SERIES_NAME,
    labels: { eventId },
    kind: 'count',
    source: 'traffic',
    intervalMs: 60_000,
    firstTimestamp: null,
    lastTimestamp: null,
    createdAt: null,
  };
}
