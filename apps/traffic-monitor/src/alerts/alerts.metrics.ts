import { Injectable } from '@nestjs/common';
import { register } from 'prom-client';
import { registeredCounter, registeredHistogram } from '@vantage/observability';
import type { AlertResolvedReason, AlertSeverity } from '@vantage/contracts';

export type NotificationChannel = 'slack' | 'email' | 'live';
export type RuleOutcome = 'holds' | 'clear' | 'unknown' | 'error';

/** Prometheus series of alerting; safe to create by two replicas in one test process. */
@Injectable()
export class AlertsMetrics {
  private readonly raised = registeredCounter<'severity'>(register, {
    name: 'vantage_alerts_raised_total',
    help: 'Alerts opened, by severity',
    labelNames: ['severity'],
  });

  private readonly resolved = registeredCounter<'reason'>(register, {
    name: 'vantage_alerts_resolved_total',
    help: 'Alerts resolved, by reason (condition-cleared, rule-disabled, rule-deleted)',
    labelNames: ['reason'],
  });

  private readonly notifications = registeredCounter<'channel' | 'outcome'>(register, {
    name: 'vantage_alert_notifications_total',
    help: 'Alert notifications by channel (slack, email, live) and outcome (sent, failed)',
    labelNames: ['channel', 'outcome'],
  });

  private readonly rules = registeredCounter<'kind' | 'outcome'>(register, {
    name: 'vantage_alert_rule_evaluations_total',
    help: 'Rule evaluations by condition kind and outcome (holds, clear, unknown, error)',
    labelNames: ['kind', 'outcome'],
  });

  readonly evaluationSeconds = registeredHistogram(register, {
    name: 'vantage_alert_evaluation_duration_seconds',
    help: 'Time one evaluation of every enabled rule of every organisation took',
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
  });

  alertRaised(severity: AlertSeverity): void {
    this.raised.inc({ severity });
  }

  alertResolved(reason: AlertResolvedReason): void {
    this.resolved.inc({ reason });
  }

  notification(channel: NotificationChannel, outcome: 'sent' | 'failed'): void {
    this.notifications.inc({ channel, outcome });
  }

  ruleEvaluated(kind: 'status' | 'formula', outcome: RuleOutcome): void {
    this.rules.inc({ kind, outcome });
  }
}
