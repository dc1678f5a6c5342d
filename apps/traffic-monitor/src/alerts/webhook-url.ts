import { isIP } from 'node:net';
import type { FieldError } from '@vantage/contracts';
import { classifyAddress, isHostAllowed, LOCAL_RECEIVER_HOSTS } from '@vantage/outbound-http';

export interface WebhookUrlPolicy {
  readonly production: boolean;
  /** SLACK_WEBHOOK_HOSTS: the hosts a webhook may point to (hooks.slack.com by default). */
  readonly allowedHosts: readonly string[];
}

/**
 * Why a Slack webhook URL is refused, or null when it is acceptable: https to a host on the
 * allow-list, no credentials in the URL. A name only says where it points when it is resolved,
 * so hosts are allow-listed rather than judged; the address is checked again at each connection
 * (SlackWebhookClient, through @vantage/outbound-http). Outside production, a receiver on this
 * machine (localhost, over http or https) is also accepted, so tests and local setups can run one.
 */
export function webhookUrlProblem(raw: string, policy: WebhookUrlPolicy): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'webhookUrl must be an absolute URL';
  }
  if (url.username || url.password) return 'webhookUrl must not carry credentials';
  const host = url.hostname.toLowerCase();
  const localReceiver = !policy.production && isLocalReceiver(host);
  if (url.protocol === 'http:') {
    if (localReceiver) return null;
    return policy.production
      ? 'webhookUrl must use https'
      : 'webhookUrl must use https (http only for localhost outside production)';
  }
  if (url.protocol !== 'https:') return 'webhookUrl must use https';
  if (localReceiver) return null;
  const bare = host.startsWith('[') ? host.slice(1, -1) : host;
  if (isIP(bare) !== 0 && classifyAddress(bare) !== 'public') {
    return 'webhookUrl must point to a public host';
  }
  if (!isHostAllowed(host, policy.allowedHosts)) {
    return `webhookUrl must point to ${policy.allowedHosts.join(' or ')}`;
  }
  return null;
}

/** The problem as a field error of a rule, or null. */
export function webhookUrlFieldError(raw: string, policy: WebhookUrlPolicy): FieldError | null {
  const message = webhookUrlProblem(raw, policy);
  return message === null ? null : { field: 'channels.slack.webhookUrl', message };
}

function isLocalReceiver(host: string): boolean {
  const bare = host.startsWith('[') ? host.slice(1, -1) : host;
  return LOCAL_RECEIVER_HOSTS.includes(bare);
}
