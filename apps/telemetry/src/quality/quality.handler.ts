import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type QualityListDto,
  QualityListQueryDto,
  type SeriesQualityDto,
  SeriesQualityMessage,
  TELEMETRY_SERIES_PATTERNS,
} from '@vantage/contracts';
import { MessageOrg } from '@vantage/service-runtime';
import { QualityService } from './quality.service';

/** Data quality of one series, or of the org's series, over the transport. */
@Controller()
export class QualityHandler {
  constructor(private readonly quality: QualityService) {}

  @MessagePattern(TELEMETRY_SERIES_PATTERNS.quality)
  series(
    @MessageOrg() orgId: string,
    @Payload() { id, window }: SeriesQualityMessage,
  ): Promise<SeriesQualityDto> {
    return this.quality.assess(orgId, id, window);
  }

  @MessagePattern(TELEMETRY_SERIES_PATTERNS.qualityList)
  list(
    @MessageOrg() orgId: string,
    @Payload() query: QualityListQueryDto,
  ): Promise<QualityListDto> {
    return this.quality.list(orgId, query);
  }
}
