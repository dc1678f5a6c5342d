import { Injectable } from '@nestjs/common';
import {
  ALERT_ID_PATTERN,
  ALERT_LIST_DEFAULT_LIMIT,
  type AlertPageDto,
  type AlertResolvedReason,
  ConflictError,
  type ListAlertsDto,
  NotFoundError,
  ValidationFailedError,
} from '@vantage/contracts';
import { decodeAlertCursor, encodeAlertCursor } from './alert-cursor';
import { AlertNotifier } from './alert-notifier';
import type { AlertRule } from './alert-rule.schema';
import { type AlertListFilter, AlertRepository } from './alert.repository';
import type { Alert } from './alert.schema';
import { toAlertDto } from './alert-views';
import { AlertsMetrics } from './alerts.metrics';

/** An organisation's alerts: the list with its filters, one alert, acknowledging. */
@Injectable()
export class AlertsService {
  constructor(
    private readonly repository: AlertRepository,
    private readonly notifier: AlertNotifier,
    private readonly metrics: AlertsMetrics,
  ) {}

  async list(orgId: string, query: ListAlertsDto): Promise<AlertPageDto> {
    const limit = query.limit ?? ALERT_LIST_DEFAULT_LIMIT;
    const from = query.from === undefined ? undefined : new Date(query.from);
    const to = query.to === undefined ? undefined : new Date(query.to);
    if (from && to && from >= to) {
      throw new ValidationFailedError('the time range is empty', [
        { field: 'to', message: 'to must be after from' },
      ]);
    }
    const filter: AlertListFilter = {
      ...(query.status ? { statuses: query.status } : {}),
      ...(query.severity ? { severities: query.severity } : {}),
      ...(query.ruleId ? { ruleId: query.ruleId } : {}),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      ...(query.cursor ? { after: decodeAlertCursor(query.cursor) } : {}),
    };
    // One more than asked tells whether another page follows without counting.
    const alerts = await this.repository.page(orgId, filter, limit + 1);
    const items = alerts.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items: items.map(toAlertDto),
      nextCursor:
        alerts.length > limit && last
          ? encodeAlertCursor({ openedAt: last.openedAt, id: last._id })
          : null,
    };
  }

  async get(orgId: string, id: string): Promise<Alert> {
    // An id of another shape cannot exist: no query needed to answer 404.
    const alert = ALERT_ID_PATTERN.test(id) ? await this.repository.findById(orgId, id) : null;
    if (!alert) throw notFound();
    return alert;
  }

  /**
   * Acknowledges an open alert (someone is on it). Acknowledging again answers the alert as it
   * is; a resolved alert cannot be acknowledged (409).
   */
  async acknowledge(orgId: string, id: string, actorId: string, now = new Date()): Promise<Alert> {
    const acknowledged = ALERT_ID_PATTERN.test(id)
      ? await this.repository.acknowledge(orgId, id, actorId, now)
      : null;
    if (acknowledged) {
      this.notifier.acknowledged(acknowledged);
      return acknowledged;
    }
    const alert = await this.get(orgId, id);
    if (alert.status === 'resolved') {
      throw new ConflictError('the alert is resolved: there is nothing to acknowledge');
    }
    return alert;
  }

  /** Resolves the rule's active alerts because the rule was disabled or deleted. */
  async closeActive(rule: AlertRule, reason: AlertResolvedReason, now = new Date()): Promise<void> {
    for (const active of await this.repository.activeOfRule(rule.orgId, rule._id)) {
      const resolved = await this.repository.resolve(rule.orgId, active._id, now, reason);
      if (!resolved) continue;
      this.metrics.alertResolved(reason);
      this.notifier.resolved(rule, resolved);
    }
  }
}

function notFound(): NotFoundError {
  return new NotFoundError('no such alert');
}
