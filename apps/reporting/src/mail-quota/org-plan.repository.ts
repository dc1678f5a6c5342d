import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Plan } from '@vantage/contracts';
import type { Model } from 'mongoose';
import { OrgPlan } from './org-plan.schema';

const DUPLICATE_KEY = 11000;

/** The only place that touches the org plans, always by `_id` (the org). */
@Injectable()
export class OrgPlanRepository {
  constructor(@InjectModel(OrgPlan.name) private readonly plans: Model<OrgPlan>) {}

  async planOf(orgId: string): Promise<Plan | null> {
    return (await this.plans.findById(orgId).lean<OrgPlan>().exec())?.plan ?? null;
  }

  /** Keeps the newest announcement: read by key, compare here, write by key. */
  async apply(orgId: string, plan: Plan, changedAt: Date): Promise<void> {
    const stored = await this.plans.findById(orgId).lean<OrgPlan>().exec();
    if (stored && stored.changedAt.getTime() >= changedAt.getTime()) return;
    if (stored) {
      await this.plans.updateOne({ _id: orgId }, { $set: { plan, changedAt } }).exec();
      return;
    }
    try {
      await this.plans.create({ _id: orgId, plan, changedAt });
    } catch (error) {
      // Another replica stored one meanwhile: compare again against it.
      if ((error as { code?: unknown } | null)?.code !== DUPLICATE_KEY) throw error;
      await this.apply(orgId, plan, changedAt);
    }
  }
}
