import { Inject, Injectable } from '@nestjs/common';
import {
  ALERT_DEFAULT_COOLDOWN_MINUTES,
  ALERT_DEFAULT_SEVERITY,
  ALERT_DEFAULT_WINDOW_MINUTES,
  ALERT_RULE_ID_PATTERN,
  type AlertChannelsDto,
  type AlertCondition,
  type CreateAlertRuleDto,
  type FieldError,
  type FormulaAlertCondition,
  type FormulaAlertConditionDto,
  NotFoundError,
  type Plan,
  type StatusAlertConditionDto,
  type UpdateAlertRuleDto,
  ValidationFailedError,
} from '@vantage/contracts';
import { compileFormula } from '@vantage/formula';
import { OrgCaps, RevisionedCache } from '@vantage/service-runtime';
import { parseHostAllowList } from '@vantage/outbound-http';
import type { RedisClient } from '@vantage/transport';
import { BUCKETS_REDIS } from '../buckets/buckets-redis';
import { TrafficMonitorConfig } from '../config/traffic-monitor.config';
import { orgCacheOptions } from '../dashboard/org-cache-options';
import { invalidFormula } from '../formulas/formula-problems';
import { FORMULA_RUN_LIMITS, FormulaRunner } from '../formulas/formula-runner';
import { RadSetsService } from '../rad-sets/rad-sets.service';
import type { AlertRule, StoredAlertChannels } from './alert-rule.schema';
import { type AlertRuleChanges, AlertRuleRepository } from './alert-rule.repository';
import { newAlertRuleId } from './alert-ids';
import { AlertsService } from './alerts.service';
import { formulaRange } from './formula-condition';
import { webhookUrlFieldError } from './webhook-url';

/** The scope of the enabled rules of every organisation (org ids never hold `*`). */
const EVERY_ORG = '*';

/**
 * Alert rules per organisation. Everything a rule refers to is checked on save, so a stored
 * rule always evaluates: the formula compiles and runs over its window, the RAD set exists,
 * the webhook URL is allowed here. Disabling or deleting a rule resolves its open alert.
 *
 * The lists (an org's rules, every org's enabled rules for the evaluator) are read from each
 * replica's memory while their revision in Redis is unchanged; every write bumps both, so the
 * next read on any replica loads again.
 */
@Injectable()
export class AlertRulesService {
  private readonly ofOrg: RevisionedCache<readonly AlertRule[]>;
  private readonly enabledEverywhere: RevisionedCache<readonly AlertRule[]>;

  constructor(
    private readonly repository: AlertRuleRepository,
    private readonly alerts: AlertsService,
    private readonly radSets: RadSetsService,
    private readonly formulas: FormulaRunner,
    private readonly config: TrafficMonitorConfig,
    private readonly caps: OrgCaps,
    @Inject(BUCKETS_REDIS) redis: RedisClient,
  ) {
    this.ofOrg = new RevisionedCache(redis, orgCacheOptions(config, 'alert-rules'));
    this.enabledEverywhere = new RevisionedCache(redis, orgCacheOptions(config, 'alert-rules'));
  }

  async list(orgId: string): Promise<AlertRule[]> {
    return [...(await this.ofOrg.get(orgId, () => this.repository.list(orgId)))];
  }

  /** The enabled rules of every organisation, grouped by org: the evaluator's work list. */
  async enabledRules(): Promise<AlertRule[]> {
    return [...(await this.enabledEverywhere.get(EVERY_ORG, () => this.repository.enabledRules()))];
  }

  /** After a rule of the org was stored, changed or deleted: every replica reads them again. */
  private async changed(orgId: string): Promise<void> {
    await Promise.all([this.ofOrg.changed(orgId), this.enabledEverywhere.changed(EVERY_ORG)]);
  }

  async get(orgId: string, id: string): Promise<AlertRule> {
    // An id of another shape cannot exist: no query needed to answer 404.
    const rule = ALERT_RULE_ID_PATTERN.test(id) ? await this.repository.findById(orgId, id) : null;
    if (!rule) throw notFound();
    return rule;
  }

  /**
   * Creates a rule, within the plan's cap on alert rules (which bounds the work of each
   * minute's evaluation); a redelivery of the same message answers the rule it created.
   */
  async create(
    orgId: string,
    plan: Plan,
    actorId: string,
    input: CreateAlertRuleDto,
    messageId: string,
  ): Promise<AlertRule> {
    const replay = await this.repository.findCreatedBy(orgId, messageId);
    if (replay) return replay;
    // Checked before taking the lock: only the count and the insert need to hold it.
    const condition = await this.checkedCondition(orgId, input.condition);
    const channels = this.checkedChannels(input.channels);
    return this.caps.create(orgId, plan, 'alertRules', {
      existing: () => this.repository.findCreatedBy(orgId, messageId),
      count: () => this.repository.count(orgId),
      create: () => this.insertNew(orgId, actorId, input, messageId, { condition, channels }),
    });
  }

  private async insertNew(
    orgId: string,
    actorId: string,
    input: CreateAlertRuleDto,
    messageId: string,
    checked: Pick<AlertRule, 'condition' | 'channels'>,
  ): Promise<AlertRule> {
    const { condition, channels } = checked;
    const now = new Date();
    const rule: AlertRule = {
      _id: newAlertRuleId(),
      orgId,
      name: input.name.trim(),
      enabled: input.enabled ?? true,
      condition,
      severity: input.severity ?? ALERT_DEFAULT_SEVERITY,
      cooldownMinutes: input.cooldownMinutes ?? ALERT_DEFAULT_COOLDOWN_MINUTES,
      channels,
      createdBy: actorId,
      updatedBy: actorId,
      createdByMessage: messageId,
      createdAt: now,
      updatedAt: now,
    };
    await this.repository.insert(rule);
    await this.changed(orgId);
    return rule;
  }

  /** Changes the fields given; `condition` and `channels` are replaced whole. */
  async update(
    orgId: string,
    actorId: string,
    id: string,
    input: UpdateAlertRuleDto,
  ): Promise<AlertRule> {
    const existing = await this.get(orgId, id);
    const changes: AlertRuleChanges = {
      name: input.name?.trim() ?? existing.name,
      enabled: input.enabled ?? existing.enabled,
      condition: input.condition
        ? await this.checkedCondition(orgId, input.condition)
        : existing.condition,
      severity: input.severity ?? existing.severity,
      cooldownMinutes: input.cooldownMinutes ?? existing.cooldownMinutes,
      channels: input.channels ? this.checkedChannels(input.channels) : existing.channels,
      updatedBy: actorId,
      updatedAt: new Date(),
    };
    const updated = await this.repository.update(orgId, id, changes);
    if (!updated) throw notFound();
    await this.changed(orgId);
    if (existing.enabled && !updated.enabled)
      await this.alerts.closeActive(updated, 'rule-disabled');
    return updated;
  }

  /** Deletes the rule and resolves its open alert; the alerts stay in the history. */
  async delete(orgId: string, id: string): Promise<AlertRule> {
    const deleted = ALERT_RULE_ID_PATTERN.test(id) ? await this.repository.delete(orgId, id) : null;
    if (!deleted) throw notFound();
    await this.changed(orgId);
    await this.alerts.closeActive(deleted, 'rule-deleted');
    return deleted;
  }

  private async checkedCondition(
    orgId: string,
    input: StatusAlertConditionDto | FormulaAlertConditionDto,
  ): Promise<AlertCondition> {
    switch (input.kind) {
      case 'status': {
        if (input.radSetId !== undefined) await this.assertRadSetExists(orgId, input.radSetId);
        return {
          kind: 'status',
          statuses: [...input.statuses],
          radSetId: input.radSetId ?? null,
          eventIdGlob: input.eventIdGlob ?? null,
          minEvents: input.minEvents ?? 1,
        };
      }
      case 'formula': {
        const condition: FormulaAlertCondition = {
          kind: 'formula',
          expression: input.expression,
          operator: input.operator,
          threshold: input.threshold,
          windowMinutes: input.windowMinutes ?? ALERT_DEFAULT_WINDOW_MINUTES,
        };
        const compiled = compileFormula(condition.expression, { limits: FORMULA_RUN_LIMITS });
        if (!compiled.ok) throw invalidFormula(compiled.diagnostics, 'condition.expression');
        await this.assertFormulaRuns(orgId, condition);
        return condition;
      }
    }
  }

  private async assertRadSetExists(orgId: string, radSetId: string): Promise<void> {
    try {
      await this.radSets.get(orgId, radSetId);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      throw new ValidationFailedError('the alert rule is not valid', [
        { field: 'condition.radSetId', message: 'no such RAD set in this organisation' },
      ]);
    }
  }

  /**
   * One run over the rule's own range, as the evaluator will make it: a formula that compiles
   * can still exceed a limit for this window (a look-back too long), better refused now than
   * failing every minute.
   */
  private async assertFormulaRuns(orgId: string, condition: FormulaAlertCondition): Promise<void> {
    const { from, to, intervalMs } = formulaRange(condition, new Date());
    try {
      await this.formulas.run(orgId, condition.expression, { from, to }, intervalMs);
    } catch (error) {
      if (!(error instanceof ValidationFailedError)) throw error;
      const errors = (error.errors ?? []).map((fieldError) => ({
        ...fieldError,
        field: 'condition.expression',
      }));
      throw new ValidationFailedError(error.message, errors);
    }
  }

  private checkedChannels(input: AlertChannelsDto | undefined): StoredAlertChannels {
    const errors: FieldError[] = [];
    const webhookUrl = input?.slack?.webhookUrl;
    if (webhookUrl !== undefined) {
      const problem = webhookUrlFieldError(webhookUrl, {
        production: this.config.NODE_ENV === 'production',
        allowedHosts: parseHostAllowList(this.config.SLACK_WEBHOOK_HOSTS),
      });
      if (problem) errors.push(problem);
    }
    if (errors.length > 0) throw new ValidationFailedError('the alert rule is not valid', errors);
    const recipients = input?.email?.recipients.map((recipient) => recipient.trim().toLowerCase());
    return {
      ...(webhookUrl !== undefined ? { slack: { webhookUrl } } : {}),
      ...(recipients ? { email: { recipients: [...new Set(recipients)] } } : {}),
    };
  }
}

function notFound(): NotFoundError {
  return new NotFoundError('no such alert rule');
}
