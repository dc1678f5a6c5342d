import { performance } from 'node:perf_hooks';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { HealthStatus, TrafficStatusChangedUpdate } from '@vantage/contracts';
import type { Logger } from '@vantage/observability';
import { JobScheduler, mapConcurrently, SERVICE_LOGGER } from '@vantage/service-runtime';
import { ActiveOrgsStore } from '../buckets/active-orgs.store';
import { TrafficMonitorConfig } from '../config/traffic-monitor.config';
import { FormulaRunner } from '../formulas/formula-runner';
import { HealthService } from '../health/health.service';
import { TrafficLivePublisher } from '../live/traffic-live.publisher';
import { newAlertId } from './alert-ids';
import { AlertNotifier } from './alert-notifier';
import { AlertRulesService } from './alert-rules.service';
import type { AlertRule } from './alert-rule.schema';
import { AlertRepository } from './alert.repository';
import type { Alert } from './alert.schema';
import { nextTransition } from './alert-state';
import { AlertsMetrics, type RuleOutcome } from './alerts.metrics';
import type { ConditionOutcome } from './condition-outcome';
import { EventStatusRepository, type LastEvaluation } from './event-status.repository';
import type { JudgedHealth, SeenStatus } from './event-status.schema';
import { formulaRange, judgeFormulaSeries } from './formula-condition';
import { diffStatuses } from './status-changes';
import { judgeStatusCondition } from './status-condition';

/** Organisations, and rules within one, evaluated at once: overlap without a stampede. */
const ORG_CONCURRENCY = 4;
const RULE_CONCURRENCY = 4;
/** Status changes sent in one live update; the rest are counted as `truncated`. */
const MAX_LIVE_CHANGES = 500;
/**
 * How long after its last flushed traffic an organisation's statuses are still watched: they
 * keep changing while that traffic is in the window or the longest baseline (60 days).
 */
const STATUS_WATCH_HORIZON_MS = 62 * 24 * 3_600_000;
/** The data mark of an organisation without a flush within the horizon: its counts stay put. */
const NO_RECENT_FLUSH = 'none';

export interface EvaluationReport {
  readonly orgs: number;
  readonly rules: number;
  readonly raised: number;
  readonly resolved: number;
  /** Rules that could not be evaluated (logged, counted, retried next minute). */
  readonly failed: number;
}

type RuleResult = 'raised' | 'resolved' | 'unchanged' | 'failed';

/**
 * Evaluates every enabled rule once per ALERT_EVALUATION_INTERVAL_MS on one replica (the
 * JobScheduler's lock), and publishes the event status changes of each organisation with rules
 * or with traffic flushed lately (ActiveOrgsStore), rules or not. An organisation's health is
 * read from its counts only when they were flushed since its last judgement, or its health
 * basis (config, RAD sets, window hour) changed; otherwise the judgement kept by
 * `_id` with its statuses is reused, so an evaluation at rest reads no counts at all.
 * Per rule: the condition is judged, then `nextTransition` says whether to open,
 * keep, resolve or wait; writes are conditional (a unique alert number per rule, resolve only
 * while active), so an evaluation racing another one (a slow period overlapping the next)
 * opens and notifies once. A failing rule is logged and counted, and the others go on.
 */
@Injectable()
export class AlertEvaluator implements OnModuleInit {
  constructor(
    private readonly rules: AlertRulesService,
    private readonly alerts: AlertRepository,
    private readonly statuses: EventStatusRepository,
    private readonly health: HealthService,
    private readonly formulas: FormulaRunner,
    private readonly notifier: AlertNotifier,
    private readonly live: TrafficLivePublisher,
    private readonly activeOrgs: ActiveOrgsStore,
    private readonly metrics: AlertsMetrics,
    private readonly scheduler: JobScheduler,
    private readonly config: TrafficMonitorConfig,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    const interval = this.config.ALERT_EVALUATION_INTERVAL_MS;
    if (interval === 0) return;
    this.scheduler.schedule('alert-evaluation', interval, async () => {
      await this.evaluateAll();
    });
  }

  /** One evaluation of every organisation's enabled rules and statuses, as of `now`. */
  async evaluateAll(now = new Date()): Promise<EvaluationReport> {
    const started = performance.now();
    const flushed = await this.watchedOrgs(now);
    const byOrg = new Map<string, AlertRule[]>();
    for (const orgId of flushed?.keys() ?? []) byOrg.set(orgId, []);
    for (const rule of await this.rules.enabledRules()) {
      const rules = byOrg.get(rule.orgId) ?? [];
      rules.push(rule);
      byOrg.set(rule.orgId, rules);
    }
    const reports = await mapConcurrently([...byOrg], ORG_CONCURRENCY, ([orgId, rules]) =>
      this.evaluateRules(orgId, rules, now, flushed && flushMark(flushed.get(orgId))),
    );
    const report = reports.reduce(addReports, emptyReport());
    const seconds = (performance.now() - started) / 1000;
    this.metrics.evaluationSeconds.observe(seconds);
    this.logger.info(
      { ...report, duration_ms: Math.round(seconds * 1000) },
      'alert rules evaluated',
    );
    return report;
  }

  /** One evaluation of one organisation's enabled rules and statuses, as of `now`. */
  async evaluateOrg(orgId: string, now = new Date()): Promise<EvaluationReport> {
    const [rules, dataMark] = await Promise.all([
      this.rules.list(orgId),
      this.lastFlushMarkOf(orgId),
    ]);
    const enabled = rules.filter((rule) => rule.enabled);
    return this.evaluateRules(orgId, enabled, now, dataMark);
  }

  private async evaluateRules(
    orgId: string,
    rules: readonly AlertRule[],
    now: Date,
    dataMark: string | undefined,
  ): Promise<EvaluationReport> {
    const snapshot = await this.healthOf(orgId, now, dataMark);
    if (rules.length === 0) return emptyReport();
    const results = await mapConcurrently(rules, RULE_CONCURRENCY, (rule) =>
      this.evaluateRule(rule, snapshot, now),
    );
    return {
      orgs: 1,
      rules: rules.length,
      raised: results.filter((result) => result === 'raised').length,
      resolved: results.filter((result) => result === 'resolved').length,
      failed: results.filter((result) => result === 'failed').length,
    };
  }

  /**
   * Organisations with traffic lately, each with when it was last flushed; undefined (logged)
   * while Redis cannot say: rules only are watched then, and every health is read afresh.
   */
  private async watchedOrgs(now: Date): Promise<Map<string, number> | undefined> {
    try {
      return await this.activeOrgs.since(now.getTime() - STATUS_WATCH_HORIZON_MS);
    } catch (error) {
      this.logger.warn({ err: error }, 'organisations with traffic unknown; watching rules only');
      return undefined;
    }
  }

  /** What changes whenever the org's stored counts do; undefined while Redis cannot say. */
  private async lastFlushMarkOf(orgId: string): Promise<string | undefined> {
    try {
      return flushMark(await this.activeOrgs.lastFlushOf(orgId));
    } catch (error) {
      this.logger.warn({ orgId, err: error }, 'last flush unknown; reading the health afresh');
      return undefined;
    }
  }

  /**
   * The org's health now, with its status changes published; null when it cannot be read. The
   * last judgement stands while neither its counts (`dataMark`) nor its basis changed.
   */
  private async healthOf(
    orgId: string,
    now: Date,
    dataMark: string | undefined,
  ): Promise<JudgedHealth | null> {
    try {
      const [basis, last] = await Promise.all([
        this.health.basis(orgId, now),
        this.statuses.lastEvaluation(orgId),
      ]);
      const mark = dataMark === undefined ? undefined : `${basis}|${dataMark}`;
      if (mark !== undefined && last?.judged?.mark === mark) return last.judged;
      const snapshot = await this.health.snapshot(orgId, now);
      const judged: JudgedHealth = {
        ...(mark === undefined ? {} : { mark }),
        rows: snapshot.rows,
        window: snapshot.window,
      };
      await this.publishStatusChanges(orgId, last, judged, now);
      return judged;
    } catch (error) {
      this.logger.error({ orgId, err: error }, 'event health unavailable for alert evaluation');
      return null;
    }
  }

  /**
   * Keeps the judgement, compares its statuses with those of the previous evaluation and
   * publishes what changed on the `traffic` channel. The first evaluation of an org only
   * records them.
   */
  private async publishStatusChanges(
    orgId: string,
    last: LastEvaluation | null,
    judged: JudgedHealth,
    now: Date,
  ): Promise<void> {
    const current: SeenStatus[] = judged.rows.map((row) => ({
      eventId: row.eventId,
      radSet: row.radSet,
      status: row.status,
    }));
    const changes = last === null ? [] : diffStatuses(last.statuses, current);
    await this.statuses.save(orgId, current, judged, now);
    if (changes.length === 0) return;
    await this.live.statusChanged(orgId, {
      changes: changes.slice(0, MAX_LIVE_CHANGES),
      truncated: Math.max(0, changes.length - MAX_LIVE_CHANGES),
      statusCounts: countStatuses(current),
      windowFrom: judged.window.from,
      windowTo: judged.window.to,
    });
  }

  private async evaluateRule(
    rule: AlertRule,
    snapshot: JudgedHealth | null,
    now: Date,
  ): Promise<RuleResult> {
    const log = { orgId: rule.orgId, ruleId: rule._id, kind: rule.condition.kind };
    let outcome: ConditionOutcome;
    try {
      outcome = await this.judge(rule, snapshot, now);
    } catch (error) {
      this.metrics.ruleEvaluated(rule.condition.kind, 'error');
      this.logger.error({ ...log, err: error }, 'alert rule could not be evaluated');
      return 'failed';
    }
    this.metrics.ruleEvaluated(rule.condition.kind, outcomeLabel(outcome));
    if (outcome.holds === null)
      this.logger.debug({ ...log, reason: outcome.reason }, 'alert rule not judged');
    try {
      return await this.apply(rule, outcome, now);
    } catch (error) {
      this.logger.error({ ...log, err: error }, 'alert state could not be updated');
      return 'failed';
    }
  }

  private async judge(
    rule: AlertRule,
    snapshot: JudgedHealth | null,
    now: Date,
  ): Promise<ConditionOutcome> {
    const condition = rule.condition;
    switch (condition.kind) {
      case 'status': {
        if (!snapshot) throw new Error('event health is unavailable');
        return judgeStatusCondition(condition, snapshot.rows, snapshot.window);
      }
      case 'formula': {
        const { from, to, intervalMs } = formulaRange(condition, now);
        const series = await this.formulas.run(
          rule.orgId,
          condition.expression,
          { from, to },
          intervalMs,
        );
        return judgeFormulaSeries(condition, series, to);
      }
    }
  }

  private async apply(rule: AlertRule, outcome: ConditionOutcome, now: Date): Promise<RuleResult> {
    const latest = await this.alerts.latestOfRule(rule.orgId, rule._id);
    const transition = nextTransition(
      latest && {
        id: latest._id,
        seq: latest.seq,
        status: latest.status,
        resolvedAt: latest.resolvedAt,
      },
      outcome.holds,
      rule.cooldownMinutes,
      now,
    );
    switch (transition.action) {
      case 'open': {
        if (outcome.holds !== true) return 'unchanged';
        const alert: Alert = {
          _id: newAlertId(),
          orgId: rule.orgId,
          ruleId: rule._id,
          seq: transition.seq,
          ruleName: rule.name,
          severity: rule.severity,
          status: 'open',
          openedAt: now,
          lastSeenAt: now,
          summary: outcome.summary,
          details: outcome.details,
        };
        // false: another evaluation opened this alert first, and notified.
        if (!(await this.alerts.insertIfNew(alert))) return 'unchanged';
        this.metrics.alertRaised(alert.severity);
        this.logger.info(
          { orgId: rule.orgId, ruleId: rule._id, alertId: alert._id },
          'alert raised',
        );
        this.notifier.raised(rule, alert);
        return 'raised';
      }
      case 'keep':
        await this.alerts.touch(rule.orgId, transition.alertId, now);
        return 'unchanged';
      case 'resolve': {
        const resolved = await this.alerts.resolve(
          rule.orgId,
          transition.alertId,
          now,
          'condition-cleared',
        );
        if (!resolved) return 'unchanged';
        this.metrics.alertResolved('condition-cleared');
        this.logger.info(
          { orgId: rule.orgId, ruleId: rule._id, alertId: resolved._id },
          'alert resolved',
        );
        this.notifier.resolved(rule, resolved);
        return 'resolved';
      }
      case 'cool-down':
      case 'none':
        return 'unchanged';
    }
  }
}

/** An org's last flush as a data mark: `none` without one in the horizon. */
function flushMark(lastFlush: number | null | undefined): string {
  return lastFlush === null || lastFlush === undefined ? NO_RECENT_FLUSH : String(lastFlush);
}

function outcomeLabel(outcome: ConditionOutcome): RuleOutcome {
  if (outcome.holds === null) return 'unknown';
  return outcome.holds ? 'holds' : 'clear';
}

function countStatuses(
  statuses: readonly SeenStatus[],
): TrafficStatusChangedUpdate['statusCounts'] {
  const counts: Partial<Record<HealthStatus, number>> = {};
  for (const { status } of statuses) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

function emptyReport(): EvaluationReport {
  return { orgs: 0, rules: 0, raised: 0, resolved: 0, failed: 0 };
}

function addReports(a: EvaluationReport, b: EvaluationReport): EvaluationReport {
  return {
    orgs: a.orgs + b.orgs,
    rules: a.rules + b.rules,
    raised: a.raised + b.raised,
    resolved: a.resolved + b.resolved,
    failed: a.failed + b.failed,
  };
}
