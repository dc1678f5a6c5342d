import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type Actor,
  type AnomalyDto,
  AnomalyIdMessage,
  type AnomalyPageDto,
  ListAnomaliesDto,
  TELEMETRY_ANOMALY_PATTERNS,
} from '@vantage/contracts';
import { MessageActor, MessageOrg } from '@vantage/service-runtime';
import { AnomaliesService } from './anomalies.service';

/** Anomalies over the transport: list with filters, one, acknowledge. */
@Controller()
export class AnomaliesHandler {
  constructor(private readonly anomalies: AnomaliesService) {}

  @MessagePattern(TELEMETRY_ANOMALY_PATTERNS.list)
  list(@MessageOrg() orgId: string, @Payload() query: ListAnomaliesDto): Promise<AnomalyPageDto> {
    return this.anomalies.list(orgId, query);
  }

  @MessagePattern(TELEMETRY_ANOMALY_PATTERNS.get)
  get(@MessageOrg() orgId: string, @Payload() { id }: AnomalyIdMessage): Promise<AnomalyDto> {
    return this.anomalies.get(orgId, id);
  }

  @MessagePattern(TELEMETRY_ANOMALY_PATTERNS.acknowledge)
  acknowledge(
    @MessageOrg() orgId: string,
    @MessageActor() actor: Actor | undefined,
    @Payload() { id }: AnomalyIdMessage,
  ): Promise<AnomalyDto> {
    return this.anomalies.acknowledge(orgId, id, actor?.id ?? 'unknown');
  }
}
