import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import {
  type Actor,
  ALERT_PATTERNS,
  AlertRuleIdDto,
  type AlertRuleDto,
  type AlertRuleListDto,
  CreateAlertRuleDto,
  type Plan,
  UpdateAlertRuleMessageDto,
} from '@vantage/contracts';
import { MessageActor, MessageOrg, MessagePlan } from '@vantage/service-runtime';
import { RedisStreamsContext } from '@vantage/transport';
import { AlertRulesService } from './alert-rules.service';
import { toAlertRuleDto } from './alert-views';

/** Alert rule CRUD over the transport; the org always comes from the envelope. */
@Controller()
export class AlertRulesHandler {
  constructor(private readonly rules: AlertRulesService) {}

  @MessagePattern(ALERT_PATTERNS.rulesList)
  async list(@MessageOrg() orgId: string): Promise<AlertRuleListDto> {
    return { items: (await this.rules.list(orgId)).map(toAlertRuleDto) };
  }

  @MessagePattern(ALERT_PATTERNS.rulesGet)
  async get(@MessageOrg() orgId: string, @Payload() { id }: AlertRuleIdDto): Promise<AlertRuleDto> {
    return toAlertRuleDto(await this.rules.get(orgId, id));
  }

  @MessagePattern(ALERT_PATTERNS.rulesCreate)
  async create(
    @MessageOrg() orgId: string,
    @MessagePlan() plan: Plan,
    @MessageActor() actor: Actor | undefined,
    @Payload() input: CreateAlertRuleDto,
    @Ctx() context: RedisStreamsContext,
  ): Promise<AlertRuleDto> {
    return toAlertRuleDto(
      await this.rules.create(orgId, plan, actorIdOf(actor), input, context.getMessageId()),
    );
  }

  @MessagePattern(ALERT_PATTERNS.rulesUpdate)
  async update(
    @MessageOrg() orgId: string,
    @MessageActor() actor: Actor | undefined,
    @Payload() { id, ...changes }: UpdateAlertRuleMessageDto,
  ): Promise<AlertRuleDto> {
    return toAlertRuleDto(await this.rules.update(orgId, actorIdOf(actor), id, changes));
  }

  @MessagePattern(ALERT_PATTERNS.rulesDelete)
  async delete(
    @MessageOrg() orgId: string,
    @Payload() { id }: AlertRuleIdDto,
  ): Promise<AlertRuleDto> {
    return toAlertRuleDto(await this.rules.delete(orgId, id));
  }
}

/** Who made a change, for the audit fields: the user or API key of the envelope. */
export function actorIdOf(actor: Actor | undefined): string {
  return actor?.id ?? 'unknown';
}
