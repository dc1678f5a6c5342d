import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import {
  ALERT_LIVE_EVENTS,
  ALERT_MAIL_REQUESTED_EVENT,
  type AlertLiveEvent,
  type AlertMailKind,
  type AlertMailRequestedEvent,
} from '@vantage/contracts';
import { currentContext, type Logger, runWithContext } from '@vantage/observability';
import { emitOnlyClient, SERVICE_LOGGER } from '@vantage/service-runtime';
import { publishLiveEvent, type RedisStreamsClient } from '@vantage/transport';
import { lastValueFrom } from 'rxjs';
import { TrafficMonitorConfig } from '../config/traffic-monitor.config';
import type { AlertRule } from './alert-rule.schema';
import type { Alert } from './alert.schema';
import { toAlertDto } from './alert-views';
import { AlertsMetrics, type NotificationChannel } from './alerts.metrics';
import { slackMessage } from './slack-message';
import { SlackWebhookClient } from './slack-webhook.client';

/** How long shutdown waits for notifications still being delivered before cancelling them. */
const SHUTDOWN_GRACE_MS = 10_000;

/** Who acts when the evaluator (not a person) publishes: it carries no user. */
const EVALUATOR_ACTOR = { kind: 'service', id: 'traffic-monitor:alerts', roles: [] } as const;

/**
 * Everything alerting tells the outside world: Slack webhooks and e-mail requests (the
 * reporting service sends the mail) for the rule's channels, and live updates to /ws on the
 * `alerts` channel (the `traffic` channel is TrafficLivePublisher's). Deliveries run in the background, so a slow or failing
 * webhook never holds up the evaluation of other rules; each failure is logged and counted
 * (vantage_alert_notifications_total{outcome="failed"}), never thrown. `idle()` waits for the
 * deliveries under way (tests, shutdown).
 */
@Injectable()
export class AlertNotifier implements OnApplicationShutdown {
  private readonly client: RedisStreamsClient;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly cancel = new AbortController();
  private closed = false;

  constructor(
    config: TrafficMonitorConfig,
    private readonly slack: SlackWebhookClient,
    private readonly metrics: AlertsMetrics,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {
    this.client = emitOnlyClient(config, 'reporting', logger);
  }

  /** An alert opened: the rule's channels, and /ws. */
  raised(rule: AlertRule, alert: Alert): void {
    this.toChannels(rule, alert, 'raised');
    this.live(alert.orgId, ALERT_LIVE_EVENTS.raised, alert);
  }

  /**
   * An alert resolved. The channels hear of it only when its condition cleared: an alert
   * closed because its rule was disabled or deleted is shown on /ws, not announced.
   */
  resolved(rule: AlertRule, alert: Alert): void {
    if (alert.resolvedReason === 'condition-cleared') this.toChannels(rule, alert, 'resolved');
    this.live(alert.orgId, ALERT_LIVE_EVENTS.resolved, alert);
  }

  acknowledged(alert: Alert): void {
    this.live(alert.orgId, ALERT_LIVE_EVENTS.acknowledged, alert);
  }

  /** Resolves once every delivery started so far has finished (or given up). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    await Promise.race([this.idle(), sleep(SHUTDOWN_GRACE_MS, undefined, { ref: false })]);
    this.cancel.abort();
    await this.idle();
    await this.client.close();
  }

  private toChannels(rule: AlertRule, alert: Alert, kind: AlertMailKind): void {
    const context = { orgId: alert.orgId, alertId: alert._id, ruleId: rule._id, kind };
    const webhookUrl = rule.channels.slack?.webhookUrl;
    if (webhookUrl) {
      this.track('slack', context, async () => {
        const delivery = await this.slack.post(
          webhookUrl,
          slackMessage({
            alertId: alert._id,
            ruleName: alert.ruleName,
            severity: alert.severity,
            summary: alert.summary,
            openedAt: alert.openedAt,
            resolvedAt: kind === 'resolved' ? alert.resolvedAt : undefined,
          }),
          this.cancel.signal,
        );
        if (!delivery.ok) {
          throw new Error(
            `slack webhook failed after ${delivery.attempts} attempt(s): ${delivery.reason}`,
          );
        }
      });
    }
    const recipients = rule.channels.email?.recipients;
    if (recipients && recipients.length > 0) {
      const event: AlertMailRequestedEvent = {
        dedupeKey: `${alert._id}:${kind}`,
        kind,
        orgId: alert.orgId,
        alertId: alert._id,
        ruleId: alert.ruleId,
        ruleName: alert.ruleName,
        severity: alert.severity,
        summary: alert.summary,
        recipients: [...recipients],
        openedAt: alert.openedAt.toISOString(),
        resolvedAt: kind === 'resolved' ? (alert.resolvedAt?.toISOString() ?? null) : null,
        details: alert.details,
      };
      this.track('email', context, () =>
        this.asOrg(alert.orgId, () =>
          lastValueFrom(this.client.emit(ALERT_MAIL_REQUESTED_EVENT, event), {
            defaultValue: undefined,
          }),
        ),
      );
    }
  }

  private live(orgId: string, type: AlertLiveEvent, alert: Alert): void {
    this.track('live', { orgId, alertId: alert._id, type }, () =>
      this.asOrg(orgId, () =>
        publishLiveEvent(this.client, { orgId, type, data: toAlertDto(alert) }),
      ),
    );
  }

  /**
   * Runs `send` with the organisation in the message envelope: as the caller when it already
   * acts for that org (an acknowledgement), else as the evaluator.
   */
  private asOrg<T>(orgId: string, send: () => Promise<T>): Promise<T> {
    if (currentContext()?.orgId === orgId) return send();
    return runWithContext({ requestId: randomUUID(), orgId, actor: EVALUATOR_ACTOR }, send);
  }

  private track(
    channel: NotificationChannel,
    context: Readonly<Record<string, string>>,
    deliver: () => Promise<unknown>,
  ): void {
    if (this.closed) {
      this.metrics.notification(channel, 'failed');
      this.logger.warn({ ...context, channel }, 'alert notification dropped: shutting down');
      return;
    }
    const task = deliver().then(
      () => this.metrics.notification(channel, 'sent'),
      (error: unknown) => {
        this.metrics.notification(channel, 'failed');
        this.logger.error({ ...context, channel, err: error }, 'alert notification failed');
      },
    );
    this.inFlight.add(task);
    void task.finally(() => this.inFlight.delete(task));
  }
}
