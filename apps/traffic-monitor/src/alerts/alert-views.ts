import type { AlertChannelsViewDto, AlertDto, AlertRuleDto } from '@vantage/contracts';
import type { AlertRule, StoredAlertChannels } from './alert-rule.schema';
import type { Alert } from './alert.schema';

export function toAlertDto(alert: Alert): AlertDto {
  return {
    id: alert._id,
    ruleId: alert.ruleId,
    ruleName: alert.ruleName,
    severity: alert.severity,
    status: alert.status,
    openedAt: alert.openedAt.toISOString(),
    lastSeenAt: alert.lastSeenAt.toISOString(),
    resolvedAt: alert.resolvedAt?.toISOString() ?? null,
    resolvedReason: alert.resolvedReason ?? null,
    ackBy: alert.ackBy ?? null,
    ackAt: alert.ackAt?.toISOString() ?? null,
    summary: alert.summary,
    details: alert.details,
  };
}

export function toAlertRuleDto(rule: AlertRule): AlertRuleDto {
  return {
    id: rule._id,
    name: rule.name,
    enabled: rule.enabled,
    condition: rule.condition,
    severity: rule.severity,
    cooldownMinutes: rule.cooldownMinutes,
    channels: toChannelsView(rule.channels),
    createdBy: rule.createdBy,
    updatedBy: rule.updatedBy,
    createdAt: rule.createdAt.toISOString(),
    updatedAt: rule.updatedAt.toISOString(),
  };
}

/** Channels as anyone who may read rules sees them: the webhook URL (a secret) masked. */
function toChannelsView(channels: StoredAlertChannels): AlertChannelsViewDto {
  return {
    ...(channels.slack ? { slack: { webhookUrl: maskWebhookUrl(channels.slack.webhookUrl) } } : {}),
    ...(channels.email ? { email: { recipients: [...channels.email.recipients] } } : {}),
  };
}

/** `https://hooks.slack.com/…AbCd`: enough to recognise the webhook, not to call it. */
export function maskWebhookUrl(url: string): string {
  const origin = URL.canParse(url) ? new URL(url).origin : '';
  return `${origin}/…${url.slice(-4)}`;
}
