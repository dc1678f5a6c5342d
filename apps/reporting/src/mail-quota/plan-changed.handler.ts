import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { PLAN_CHANGED_EVENT, PlanChangedEventDto } from '@vantage/contracts';
import { OrgPlanRepository } from './org-plan.repository';

/** Billing's plan changes: the mail quota of an org follows its plan. */
@Controller()
export class PlanChangedHandler {
  constructor(private readonly plans: OrgPlanRepository) {}

  @EventPattern(PLAN_CHANGED_EVENT)
  async onPlanChanged(@Payload() event: PlanChangedEventDto): Promise<void> {
    await this.plans.apply(event.orgId, event.plan, new Date(event.changedAt));
  }
}
