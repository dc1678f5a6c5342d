import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type SeriesDto,
  SeriesIdMessage,
  type SeriesListDto,
  SeriesListQueryDto,
  type SeriesPointsDto,
  SeriesPointsMessage,
  TELEMETRY_SERIES_PATTERNS,
} from '@vantage/contracts';
import { MessageOrg } from '@vantage/service-runtime';
import { SeriesService } from './series.service';

/** The series catalogue and points over the transport; the org comes from the envelope. */
@Controller()
export class SeriesHandler {
  constructor(private readonly series: SeriesService) {}

  @MessagePattern(TELEMETRY_SERIES_PATTERNS.list)
  list(@MessageOrg() orgId: string, @Payload() query: SeriesListQueryDto): Promise<SeriesListDto> {
    return this.series.list(orgId, query);
  }

  @MessagePattern(TELEMETRY_SERIES_PATTERNS.get)
  get(@MessageOrg() orgId: string, @Payload() { id }: SeriesIdMessage): Promise<SeriesDto> {
    return this.series.get(orgId, id);
  }

  @MessagePattern(TELEMETRY_SERIES_PATTERNS.points)
  points(
    @MessageOrg() orgId: string,
    @Payload() message: SeriesPointsMessage,
  ): Promise<SeriesPointsDto> {
    return this.series.points(orgId, message);
  }
}
