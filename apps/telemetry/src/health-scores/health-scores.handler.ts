import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type HealthScoreDto,
  type HealthScoreListDto,
  HealthScoreServiceMessage,
  TELEMETRY_HEALTH_SCORE_PATTERNS,
} from '@vantage/contracts';
import { MessageOrg } from '@vantage/service-runtime';
import { HealthScoresService } from './health-scores.service';

/** Health scores over the transport; the org (whose golden signals are read) from the envelope. */
@Controller()
export class HealthScoresHandler {
  constructor(private readonly scores: HealthScoresService) {}

  @MessagePattern(TELEMETRY_HEALTH_SCORE_PATTERNS.list)
  list(@MessageOrg() orgId: string): Promise<HealthScoreListDto> {
    return this.scores.list(orgId);
  }

  @MessagePattern(TELEMETRY_HEALTH_SCORE_PATTERNS.get)
  get(
    @MessageOrg() orgId: string,
    @Payload() { service }: HealthScoreServiceMessage,
  ): Promise<HealthScoreDto> {
    return this.scores.score(orgId, service);
  }
}
