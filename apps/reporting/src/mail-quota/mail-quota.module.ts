import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { MailQuota } from './mail-quota';
import { MailQuotaMetrics } from './mail-quota.metrics';
import { OrgPlan, OrgPlanSchema } from './org-plan.schema';
import { OrgPlanRepository } from './org-plan.repository';
import { PlanChangedHandler } from './plan-changed.handler';

/** How much mail each org may send per day, by the plan billing announced. */
@Module({
  imports: [MongooseModule.forFeature([{ name: OrgPlan.name, schema: OrgPlanSchema }])],
  controllers: [PlanChangedHandler],
  providers: [OrgPlanRepository, MailQuota, MailQuotaMetrics],
  exports: [MailQuota],
})
export class MailQuotaModule {}
