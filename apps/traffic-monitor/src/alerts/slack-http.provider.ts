import type { FactoryProvider } from '@nestjs/common';
import {
  type HostResolver,
  LOCAL_RECEIVER_HOSTS,
  OutboundHttpClient,
} from '@vantage/outbound-http';
import { TrafficMonitorConfig } from '../config/traffic-monitor.config';

/** The HTTP client Slack webhooks are posted through (SlackWebhookClient closes it). */
export const SLACK_HTTP = Symbol('SLACK_HTTP');

/** Slack answers "ok"; anything longer is not read. */
const MAX_SLACK_ANSWER_BYTES = 64 * 1024;

export const slackHttpProvider: FactoryProvider<OutboundHttpClient> = {
  provide: SLACK_HTTP,
  inject: [TrafficMonitorConfig],
  useFactory: (config: TrafficMonitorConfig) => slackHttpClient(config),
};

/** Tests pass `resolve` to answer as a hostile DNS would. */
export function slackHttpClient(
  config: TrafficMonitorConfig,
  resolve?: HostResolver,
): OutboundHttpClient {
  return new OutboundHttpClient({
    timeoutMs: config.ALERT_SLACK_TIMEOUT_MS,
    maxResponseBytes: MAX_SLACK_ANSWER_BYTES,
    // A receiver on this machine is for tests and local runs, never for production.
    loopbackHosts: config.NODE_ENV === 'production' ? [] : LOCAL_RECEIVER_HOSTS,
    ...(resolve ? { resolve } : {}),
  });
}
