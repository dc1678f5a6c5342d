// The caller of the routed target: a fresh organisation (plan `free`) and its owner's access
// token, obtained the way a client obtains one (sign-up, then the mailed verification link).
import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { ACCOUNT_MAIL_REQUESTED_EVENT } from '@vantage/contracts';
import { eventStreamKey } from '@vantage/transport';

const REQUEST_TIMEOUT_MS = 15_000;

/** Finds the verification token mailed to a new account's address. */
export type VerificationTokenReader = (email: string) => Promise<string>;

/**
 * Signs up the way a customer does: the sign-up answers 202, the verification link is mailed,
 * and following it signs in. `readToken` reads the link where this bench's stack delivers it.
 */
export async function registerBenchOrg(
  gatewayUrl: string,
  readToken: VerificationTokenReader,
): Promise<string> {
  const id = randomBytes(4).toString('hex');
  const email = `bench-${id}@example.com`;
  const registered = await postJson(gatewayUrl, '/api/v1/auth/register', {
    orgName: `Bench ${id}`,
    name: 'Bench Owner',
    email,
    password: randomBytes(12).toString('base64url'),
  });
  if (registered.status !== 202) {
    throw new Error(`register answered ${registered.status}: ${registered.text.slice(0, 300)}`);
  }
  const verified = await postJson(gatewayUrl, '/api/v1/auth/verify-email', {
    token: await readToken(email),
  });
  const body: unknown = JSON.parse(verified.text);
  if (verified.status !== 200 || !hasAccessToken(body)) {
    throw new Error(`verify-email answered ${verified.status}: ${verified.text.slice(0, 300)}`);
  }
  return body.accessToken;
}

/** The token of the verification mail as maildev received it (a stack with reporting). */
export function tokenFromMaildev(maildevApiUrl: string): VerificationTokenReader {
  return (email) =>
    poll(`the verification mail to ${email}`, async () => {
      const response = await fetch(`${maildevApiUrl}/api/email`);
      const mails = (await response.json()) as { to: { address: string }[]; text?: string }[];
      const mail = mails.find((candidate) => candidate.to.some((to) => to.address === email));
      return mail ? tokenIn(mail.text ?? '') : null;
    });
}

/** The token of the mail request still on its event stream (a stack without reporting). */
export function tokenFromEventStream(redisUrl: string, prefix: string): VerificationTokenReader {
  return (email) =>
    poll(`the verification mail request to ${email}`, async () => {
      const redis = new Redis(redisUrl);
      const entries = await redis
        .xrange(eventStreamKey(prefix, ACCOUNT_MAIL_REQUESTED_EVENT), '-', '+')
        .finally(() => redis.disconnect());
      for (const [, fields] of entries) {
        const data = fields[fields.indexOf('data') + 1] ?? '{}';
        const mail = JSON.parse(data) as { to?: string; actionUrl?: string };
        if (mail.to === email) return tokenIn(mail.actionUrl ?? '');
      }
      return null;
    });
}

function tokenIn(text: string): string | null {
  return /[?&]token=([A-Za-z0-9_]+)/.exec(text)?.[1] ?? null;
}

async function poll(what: string, attempt: () => Promise<string | null>): Promise<string> {
  const deadline = Date.now() + REQUEST_TIMEOUT_MS;
  for (;;) {
    const found = await attempt();
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function postJson(
  gatewayUrl: string,
  path: string,
  body: unknown,
): Promise<{ status: number; text: string }> {
  const response = await fetch(`${gatewayUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  return { status: response.status, text: await response.text() };
}

function hasAccessToken(body: unknown): body is { accessToken: string } {
  return (
    typeof body === 'object' &&
    body !== null &&
    'accessToken' in body &&
    typeof body.accessToken === 'string'
  );
}

export interface RateLimitHeaders {
  readonly limit: number;
  readonly remaining: number;
}

/**
 * One routed request outside the measurement: proves the route answers 200 and that the rate
 * limiter counted it under the limit we configured (so the measured run pays for the limiter).
 */
export async function probeRoutedRequest(
  url: string,
  headers: Readonly<Record<string, string>>,
): Promise<RateLimitHeaders> {
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  const body = await response.text();
  if (response.status !== 200)
    throw new Error(`${url} answered ${response.status}: ${body.slice(0, 300)}`);
  const limit = Number(response.headers.get('x-ratelimit-limit'));
  const remaining = Number(response.headers.get('x-ratelimit-remaining'));
  if (!Number.isFinite(limit) || !Number.isFinite(remaining) || limit <= 0)
    throw new Error(`${url} answered without X-RateLimit-Limit/Remaining: the limiter did not run`);
  return { limit, remaining };
}
