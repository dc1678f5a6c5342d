import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { PLAN_CHANGED_EVENT, PlanChangedEventDto } from '@vantage/contracts';
import { BroadcastEventPattern } from '@vantage/transport';
import { OrgPlanCache } from './org-plan.cache';

/** Every gateway replica hears billing's plan changes, so each one's limits follow at once. */
@Controller()
export class PlanChangedHandler {
  constructor(private readonly plans: OrgPlanCache) {}

  @BroadcastEventPattern(PLAN_CHANGED_EVENT)
  async onPlanChanged(@Payload() event: PlanChangedEventDto): Promise<void> {
    await this.plans.applyPlanChange({
      orgId: event.orgId,
      plan: event.plan,
      changedAt: new Date(event.changedAt),
    });
  }
}
