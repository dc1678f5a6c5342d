import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { TrafficMonitorConfig } from '../config/traffic-monitor.config';
import type { SlackMessage } from './slack-message';

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
 * followed: a webhook that redirects elsewhere is refused rather than chased. Never throws;
 * the caller logs and counts a failure. The URL is a secret and appears in no message here.
 */
@Injectable()
export class SlackWebhookClient {
  constructor(private readonly config: TrafficMonitorConfig) {}

  async post(url: string, message: SlackMessage, cancel?: AbortSignal): Promise<SlackDelivery> {
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
    const timeout = AbortSignal.timeout(this.config.ALERT_SLACK_TIMEOUT_MS);
    const signal = cancel ? AbortSignal.any([timeout, cancel]) : timeout;
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(message),
        redirect: 'manual',
        signal,
      });
    } catch (error) {
      const reason = timeout.aborted
        ? `no answer within ${this.config.ALERT_SLACK_TIMEOUT_MS} ms`
        : `request failed: ${networkReason(error)}`;
      return { outcome: 'retry', reason, waitAtLeastMs: 0 };
    }
    // The body is not needed; releasing it frees the connection.
    await response.body?.cancel().catch(() => undefined);
    if (response.ok) return { outcome: 'delivered' };
    const reason = `HTTP ${response.status}`;
    if (response.status === 429) {
      return { outcome: 'retry', reason, waitAtLeastMs: retryAfterMs(response.headers) };
    }
    if (response.status >= 500) return { outcome: 'retry', reason, waitAtLeastMs: 0 };
    return { outcome: 'give-up', reason };
  }
}

function retryAfterMs(headers: Headers): number {
  const seconds = Number(headers.get('retry-after'));
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds * 1000, MAX_RETRY_AFTER_MS) : 0;
}

/** The cause's code (ECONNREFUSED, ENOTFOUND...) rather than undici's bare "fetch failed". */
function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return error instanceof Error ? error.message : 'unknown error';
}
