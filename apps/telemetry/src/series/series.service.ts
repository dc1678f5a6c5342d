import { Injectable } from '@nestjs/common';
import {
  type SeriesDto,
  type SeriesListDto,
  type SeriesListQueryDto,
  type SeriesPointsDto,
  type SeriesPointsMessage,
  TRAFFIC_SERIES_ID_PATTERN,
  TRAFFIC_SERIES_PREFIX,
} from '@vantage/contracts';
import { resolvePointsQuery } from './points-query';
import { SeriesCatalogue, toSeriesDto } from './series-catalogue';
import { SeriesReader } from './series-reader';
import { TrafficSeriesCatalogue, trafficSeriesDto } from './traffic-series-catalogue';

/** The series API: catalogue pages, one series, and its points (HTTP input resolved here). */
@Injectable()
export class SeriesService {
  constructor(
    private readonly catalogue: SeriesCatalogue,
    private readonly reader: SeriesReader,
    private readonly traffic: TrafficSeriesCatalogue,
  ) {}

  /** Stored series from the catalogue; traffic series from the catalogue the flushes keep. */
  list(orgId: string, query: SeriesListQueryDto): Promise<SeriesListDto> {
    if (query.source === 'traffic') return this.traffic.list(orgId, query);
    return this.catalogue.list(orgId, query);
  }

  async get(orgId: string, id: string): Promise<SeriesDto> {
    if (TRAFFIC_SERIES_ID_PATTERN.test(id))
      return trafficSeriesDto(id.slice(TRAFFIC_SERIES_PREFIX.length));
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
}
