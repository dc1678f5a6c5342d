// The caller of the routed target: a fresh organisation (plan `free`) and its owner's access
// token, obtained the way a client obtains one.
import { randomBytes } from 'node:crypto';

const REQUEST_TIMEOUT_MS = 15_000;

export async function registerBenchOrg(gatewayUrl: string): Promise<string> {
  const id = randomBytes(4).toString('hex');
  const response = await fetch(`${gatewayUrl}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      orgName: `Bench ${id}`,
      name: 'Bench Owner',
      email: `bench-${id}@example.com`,
      password: randomBytes(12).toString('base64url'),
    }),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const body: unknown = await response.json();
  if (response.status !== 201 || !hasAccessToken(body)) {
    throw new Error(`register answered ${response.status}: ${JSON.stringify(body).slice(0, 300)}`);
  }
  return body.accessToken;
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
