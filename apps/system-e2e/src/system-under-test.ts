// Where the running system is. tools/e2e/run-e2e.ts sets these for the suite; without them the
// suite points at `npm start`'s defaults, so a file can be tried against a system started by hand.

import { DEVELOPMENT_WEBHOOK_SECRET } from '@vantage/stripe-webhooks';

export interface SystemUnderTest {
  /** The round-robin proxy in front of the gateway replicas: what clients use. */
  readonly gatewayUrl: string;
  /** Each gateway replica on its own, to check that something holds on every one of them. */
  readonly gatewayReplicaUrls: readonly string[];
  /** Each gateway replica's ops port (probes, /metrics), in the order of gatewayReplicaUrls. */
  readonly gatewayOpsUrls: readonly string[];
  /** The e2e supervisor's control API (faults, process list); null outside `npm run e2e`. */
  readonly controlUrl: string | null;
  readonly maildevApiUrl: string | null;
  readonly mongoUrl: string | null;
  readonly redisUrl: string | null;
  /** Signs the Stripe webhooks the suite sends (the billing replicas verify with it). */
  readonly stripeWebhookSecret: string;
  /** Where reports (newman JUnit, measurements) go. */
  readonly outputDir: string;
}

const DEFAULT_GATEWAY = 'http://127.0.0.1:3000';
/** `npm start`'s gateway ops port (OPS_HTTP_PORT: the HTTP port plus 6000). */
const DEFAULT_GATEWAY_OPS = 'http://127.0.0.1:9000';

export function systemUnderTest(env: NodeJS.ProcessEnv = process.env): SystemUnderTest {
  const gatewayUrl = trimmed(env['E2E_GATEWAY_URL']) ?? DEFAULT_GATEWAY;
  return {
    gatewayUrl,
    gatewayReplicaUrls: urlList(env['E2E_GATEWAY_REPLICA_URLS'], gatewayUrl),
    gatewayOpsUrls: urlList(env['E2E_GATEWAY_OPS_URLS'], DEFAULT_GATEWAY_OPS),
    controlUrl: trimmed(env['E2E_CONTROL_URL']),
    maildevApiUrl: trimmed(env['MAILDEV_API_URL']),
    mongoUrl: trimmed(env['MONGO_URL']),
    redisUrl: trimmed(env['REDIS_URL']),
    stripeWebhookSecret: trimmed(env['STRIPE_WEBHOOK_SECRET']) ?? DEVELOPMENT_WEBHOOK_SECRET,
    outputDir: trimmed(env['E2E_OUTPUT_DIR']) ?? `${__dirname}/../test-output`,
  };
}

function urlList(value: string | undefined, fallback: string): string[] {
  return (trimmed(value) ?? fallback)
    .split(',')
    .map((url) => url.trim())
    .filter((url) => url !== '');
}

function trimmed(value: string | undefined): string | null {
  const text = value?.trim();
  return text ? text : null;
}
