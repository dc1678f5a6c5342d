import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { PLAN_CHANGED_EVENT, PlanChangedEventDto } from '@vantage/contracts';
import { BroadcastEventPattern } from '@vantage/transport';
import { AuditService } from '../audit/audit.service';
import { OrgPlanCache } from './org-plan.cache';

/**
 * Every gateway replica hears billing's plan changes, so each one's limits follow at once. The
 * replica that saves the change in the org's document records it in the audit log: once.
 */
@Controller()
export class PlanChangedHandler {
  constructor(
    private readonly plans: OrgPlanCache,
    private readonly audit: AuditService,
  ) {}

  @BroadcastEventPattern(PLAN_CHANGED_EVENT)
  async onPlanChanged(@Payload() event: PlanChangedEventDto): Promise<void> {
    await this.plans.applyPlanChange(
      { orgId: event.orgId, plan: event.plan, changedAt: new Date(event.changedAt) },
      (previousPlan) =>
        this.audit.recordInBackground({
          orgId: event.orgId,
          action: 'billing.plan_changed',
          actor: { kind: 'service', id: 'billing' },
          targetId: event.orgId,
          details: { plan: event.plan, previousPlan, changedAt: event.changedAt },
        }),
    );
  }
}
