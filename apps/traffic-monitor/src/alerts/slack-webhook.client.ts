import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import {
  AddressRefusedError,
  OutboundHttpClient,
  type OutboundResponse,
  parseHostAllowList,
} from '@vantage/outbound-http';
import { TrafficMonitorConfig } from '../config/traffic-monitor.config';
import { SLACK_HTTP } from './slack-http.provider';
import type { SlackMessage } from './slack-message';
import { webhookUrlProblem } from './webhook-url';

/** Longest wait honoured from a 429's Retry-After: past this the notification is late anyway. */
const MAX_RETRY_AFTER_MS = 30_000;

export type SlackDelivery =
  | { readonly ok: true; readonly attempts: number }
  | { readonly ok: false; readonly attempts: number; readonly reason: string };

type Attempt =
  | { readonly outcome: 'delivered' }
  | { readonly outcome: 'retry'; readonly reason: string; readonly waitAtLeastMs: number }
  | { readonly outcome: 'give-up'; readonly reason: string };

/**
 * Posts to Slack incoming webhooks: each attempt bounded by ALERT_SLACK_TIMEOUT_MS, network
 * errors, timeouts, 429 and 5xx retried up to ALERT_SLACK_MAX_ATTEMPTS with a doubling
 * backoff (a 429's Retry-After honoured up to 30 s), other answers final. Redirects are not
 * followed: a webhook that redirects elsewhere is refused rather than chased. The URL is checked
 * again against SLACK_WEBHOOK_HOSTS (a rule saved before the list changed) and every connection
 * against private addresses (@vantage/outbound-http). Never throws; the caller logs and counts a
 * failure. The URL is a secret and appears in no message here.
 */
@Injectable()
export class SlackWebhookClient implements OnApplicationShutdown {
  private readonly allowedHosts: readonly string[];

  constructor(
    private readonly config: TrafficMonitorConfig,
    @Inject(SLACK_HTTP) private readonly http: OutboundHttpClient,
  ) {
    this.allowedHosts = parseHostAllowList(config.SLACK_WEBHOOK_HOSTS);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.http.close();
  }

  async post(url: string, message: SlackMessage, cancel?: AbortSignal): Promise<SlackDelivery> {
    const refused = webhookUrlProblem(url, {
      production: this.config.NODE_ENV === 'production',
      allowedHosts: this.allowedHosts,
    });
    if (refused !== null) return { ok: false, attempts: 0, reason: refused };
    const maxAttempts = this.config.ALERT_SLACK_MAX_ATTEMPTS;
    let reason = 'not attempted';
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const result = await this.attempt(url, message, cancel);
      if (result.outcome === 'delivered') return { ok: true, attempts: attempt };
      reason = result.reason;
      if (result.outcome === 'give-up' || attempt === maxAttempts || cancel?.aborted) {
        return { ok: false, attempts: attempt, reason };
      }
      const backoff = this.config.ALERT_SLACK_BACKOFF_MS * 2 ** (attempt - 1);
      try {
        await sleep(Math.max(backoff, result.waitAtLeastMs), undefined, { signal: cancel });
      } catch {
        return { ok: false, attempts: attempt, reason: `${reason}; cancelled` };
      }
    }
    return { ok: false, attempts: maxAttempts, reason };
  }

  private async attempt(
    url: string,
    message: SlackMessage,
    cancel?: AbortSignal,
  ): Promise<Attempt> {
    let response: OutboundResponse;
    try {
      response = await this.http.request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(message),
        ...(cancel ? { signal: cancel } : {}),
      });
    } catch (error) {
      // Where the name leads now is not going to change by retrying within seconds.
      if (error instanceof AddressRefusedError) {
        return { outcome: 'give-up', reason: `refused: ${error.addressClass} address` };
      }
      const reason = isTimeout(error)
        ? `no answer within ${this.config.ALERT_SLACK_TIMEOUT_MS} ms`
        : `request failed: ${networkReason(error)}`;
      return { outcome: 'retry', reason, waitAtLeastMs: 0 };
    }
    if (response.status >= 200 && response.status < 300) return { outcome: 'delivered' };
    const reason = `HTTP ${response.status}`;
    if (response.status === 429) {
      return { outcome: 'retry', reason, waitAtLeastMs: retryAfterMs(response.headers) };
    }
    if (response.status >= 500) return { outcome: 'retry', reason, waitAtLeastMs: 0 };
    return { outcome: 'give-up', reason };
  }
}

function retryAfterMs(headers: OutboundResponse['headers']): number {
  const value = headers['retry-after'];
  const seconds = Number(Array.isArray(value) ? value[0] : value);
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds * 1000, MAX_RETRY_AFTER_MS) : 0;
}

/** undici's own timeouts (connect, headers, body) and the client's overall deadline. */
function isTimeout(error: unknown): boolean {
  const { name, code } = (error ?? {}) as { name?: unknown; code?: unknown };
  return (
    name === 'TimeoutError' ||
    code === 'UND_ERR_CONNECT_TIMEOUT' ||
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT'
  );
}

/** The error's or its cause's code (ECONNREFUSED, ENOTFOUND...) rather than a bare message. */
function networkReason(error: unknown): string {
  const own = (error as { code?: unknown } | null)?.code;
  if (typeof own === 'string') return own;
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return error instanceof Error ? error.message : 'unknown error';
}
