import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { AlertRule } from './alert-rule.schema';

/** The editable fields of a stored rule. */
export type AlertRuleChanges = Pick<
  AlertRule,
  'name' | 'enabled' | 'condition' | 'severity' | 'cooldownMinutes' | 'channels' | 'updatedBy'
> & { readonly updatedAt: Date };

/**
 * The filters of the rule queries: flat equalities, the org first, which the store narrows by
 * (explain-tested in test/alert-queries.int-spec.ts).
 */
export const alertRuleFilters = {
  ofOrg: (orgId: string) => ({ orgId }),
  one: (orgId: string, id: string) => ({ _id: id, orgId }),
  createdBy: (orgId: string, messageId: string) => ({ orgId, createdByMessage: messageId }),
  enabled: () => ({ enabled: true }),
} as const;

/** The only place that touches the alert rule collection. Every query is scoped by org. */
@Injectable()
export class AlertRuleRepository {
  constructor(@InjectModel(AlertRule.name) private readonly rules: Model<AlertRule>) {}

  list(orgId: string): Promise<AlertRule[]> {
    return this.rules
      .find(alertRuleFilters.ofOrg(orgId))
      .sort({ createdAt: 1, _id: 1 })
      .lean<AlertRule[]>()
      .exec();
  }

  count(orgId: string): Promise<number> {
    return this.rules.countDocuments(alertRuleFilters.ofOrg(orgId)).exec();
  }

  findById(orgId: string, id: string): Promise<AlertRule | null> {
    return this.rules.findOne(alertRuleFilters.one(orgId, id)).lean<AlertRule>().exec();
  }

  findCreatedBy(orgId: string, messageId: string): Promise<AlertRule | null> {
    return this.rules
      .findOne(alertRuleFilters.createdBy(orgId, messageId))
      .lean<AlertRule>()
      .exec();
  }

  async insert(rule: AlertRule): Promise<void> {
    await this.rules.create(rule);
  }

  /** The rule after the change, or null when the org has no such rule. */
  update(orgId: string, id: string, changes: AlertRuleChanges): Promise<AlertRule | null> {
    return this.rules
      .findOneAndUpdate(
        alertRuleFilters.one(orgId, id),
        { $set: changes },
        {
          returnDocument: 'after',
        },
      )
      .lean<AlertRule>()
      .exec();
  }

  /** The deleted rule, or null when the org has none with this id. */
  delete(orgId: string, id: string): Promise<AlertRule | null> {
    return this.rules.findOneAndDelete(alertRuleFilters.one(orgId, id)).lean<AlertRule>().exec();
  }

  /**
   * The enabled rules of every organisation, grouped by org: the evaluator's work list. (The
   * evaluator is the one reader that is not acting for one organisation.)
   */
  enabledRules(): Promise<AlertRule[]> {
    return this.rules
      .find(alertRuleFilters.enabled())
      .sort({ orgId: 1, createdAt: 1, _id: 1 })
      .lean<AlertRule[]>()
      .exec();
  }
}
