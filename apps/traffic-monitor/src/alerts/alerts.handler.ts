import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type Actor,
  ALERT_PATTERNS,
  AlertIdDto,
  type AlertDto,
  type AlertPageDto,
  ListAlertsDto,
} from '@vantage/contracts';
import { MessageActor, MessageOrg } from '@vantage/service-runtime';
import { actorIdOf } from './alert-rules.handler';
import { toAlertDto } from './alert-views';
import { AlertsService } from './alerts.service';

/** Alerts over the transport: list, one, acknowledge; the org always comes from the envelope. */
@Controller()
export class AlertsHandler {
  constructor(private readonly alerts: AlertsService) {}

  @MessagePattern(ALERT_PATTERNS.list)
  list(@MessageOrg() orgId: string, @Payload() query: ListAlertsDto): Promise<AlertPageDto> {
    return this.alerts.list(orgId, query);
  }

  @MessagePattern(ALERT_PATTERNS.get)
  async get(@MessageOrg() orgId: string, @Payload() { id }: AlertIdDto): Promise<AlertDto> {
    return toAlertDto(await this.alerts.get(orgId, id));
  }

  @MessagePattern(ALERT_PATTERNS.acknowledge)
  async acknowledge(
    @MessageOrg() orgId: string,
    @MessageActor() actor: Actor | undefined,
    @Payload() { id }: AlertIdDto,
  ): Promise<AlertDto> {
    return toAlertDto(await this.alerts.acknowledge(orgId, id, actorIdOf(actor)));
  }
}
