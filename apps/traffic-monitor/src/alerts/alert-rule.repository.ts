import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { AlertRule } from './alert-rule.schema';

/** The editable fields of a stored rule. */
export type AlertRuleChanges = Pick<
  AlertRule,
  'name' | 'enabled' | 'condition' | 'severity' | 'cooldownMinutes' | 'channels' | 'updatedBy'
> & { readonly updatedAt: Date };

/** The only place that touches the alert rule collection. Every query is scoped by org. */
@Injectable()
export class AlertRuleRepository {
  constructor(@InjectModel(AlertRule.name) private readonly rules: Model<AlertRule>) {}

  list(orgId: string): Promise<AlertRule[]> {
    return this.rules.find({ orgId }).sort({ createdAt: 1, _id: 1 }).lean<AlertRule[]>().exec();
  }

  count(orgId: string): Promise<number> {
    return this.rules.countDocuments({ orgId }).exec();
  }

  findById(orgId: string, id: string): Promise<AlertRule | null> {
    return this.rules.findOne({ _id: id, orgId }).lean<AlertRule>().exec();
  }

  findCreatedBy(orgId: string, messageId: string): Promise<AlertRule | null> {
    return this.rules.findOne({ orgId, createdByMessage: messageId }).lean<AlertRule>().exec();
  }

  async insert(rule: AlertRule): Promise<void> {
    await this.rules.create(rule);
  }

  /** The rule after the change, or null when the org has no such rule. */
  update(orgId: string, id: string, changes: AlertRuleChanges): Promise<AlertRule | null> {
    return this.rules
      .findOneAndUpdate({ _id: id, orgId }, { $set: changes }, { returnDocument: 'after' })
      .lean<AlertRule>()
      .exec();
  }

  /** The deleted rule, or null when the org has none with this id. */
  delete(orgId: string, id: string): Promise<AlertRule | null> {
    return this.rules.findOneAndDelete({ _id: id, orgId }).lean<AlertRule>().exec();
  }

  /**
   * The enabled rules of every organisation, grouped by org: the evaluator's work list. (The
   * evaluator is the one reader that is not acting for one organisation.)
   */
  enabledRules(): Promise<AlertRule[]> {
    return this.rules
      .find({ enabled: true })
      .sort({ orgId: 1, createdAt: 1, _id: 1 })
      .lean<AlertRule[]>()
      .exec();
  }
}
