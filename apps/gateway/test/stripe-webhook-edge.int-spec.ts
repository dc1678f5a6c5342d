import Redis from 'ioredis';
import { startTestService } from '@vantage/service-runtime/testing';
import { BILLING_WEBHOOK_PATTERNS } from '@vantage/contracts';
import { event, signature, unique } from '@vantage/stripe-testing';
import { gatewayService } from '../src/service-definition';
import type { RedisStreamsServer } from '@vantage/transport';
import { type ApiResponse, call, type Gateway } from './support/gateway-api';
import { billingStandIn } from './support/billing-stand-in';
import { type Received, startStandIn } from './support/gateway-with-stand-in';

const SECRET = 'whsec_gateway_webhook_edge_test';
const PATH = '/api/v1/billing/webhooks/stripe';
const KIB = 1024;
const WEBHOOK_LIMIT_PER_MINUTE = 5;

let nextAddress = 0;
/** Each request comes from its own address (believed from the trusted proxy at 127.0.0.1). */
const clientAddress = (): string => `198.51.100.${++nextAddress}`;

/** A Stripe event whose raw body is exactly `bytes` long. */
function eventOfSize(bytes: number): { id: string; payload: string } {
  const id = unique('evt');
  const build = (padding: number) =>
    event(
      'invoice.paid',
      { id: 'in_edge', object: 'invoice', note: 'x'.repeat(padding) },
      Math.floor(Date.now() / 1000),
      id,
    );
  const bare = build(0);
  return build(bytes - Buffer.byteLength(bare.payload));
}

/**
 * Every message ever added to a stream under the gateway's key prefix (XINFO's entries-added,
 * which trimming or deleting entries does not lower): what reached the transport at all.
 */
async function streamEntriesAdded(redis: Redis, prefix: string): Promise<number> {
  let total = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'TYPE', 'stream');
    cursor = next;
    for (const key of keys) {
      const info = (await redis.xinfo('STREAM', key)) as unknown[];
      const at = info.indexOf('entries-added');
      total += Number(info[at + 1]);
    }
  } while (cursor !== '0');
  return total;
}

describe('the Stripe webhook route at the edge', () => {
  let gateway: Gateway;
  let standIn: RedisStreamsServer;
  const received: Received[] = [];
  let redis: Redis;

  beforeAll(async () => {
    gateway = await startTestService(gatewayService, {
      env: {
        STRIPE_WEBHOOK_SECRET: SECRET,
        TRUSTED_PROXIES: '127.0.0.1',
        // Below the webhook route's own limit: that route must not draw on this allowance.
        RATE_LIMIT_ANONYMOUS_PER_MINUTE: '3',
        RATE_LIMIT_WEBHOOK_PER_MINUTE: String(WEBHOOK_LIMIT_PER_MINUTE),
        ROUTE_TIMEOUT_MS: '2000',
      },
    });
    standIn = await startStandIn(gateway, billingStandIn(SECRET), received);
    redis = new Redis(gateway.config.REDIS_URL);
  });

  beforeEach(() => {
    received.length = 0;
  });

  afterAll(async () => {
    await redis?.quit();
    await standIn?.close();
    await gateway?.close();
  });

  const postWebhook = (
    body: string,
    stripeSignature: string,
    from = clientAddress(),
  ): Promise<ApiResponse> =>
    call(gateway, 'POST', PATH, {
      body,
      headers: { 'stripe-signature': stripeSignature, 'x-forwarded-for': from },
    });

  const expectProblem = (response: ApiResponse, status: number): void => {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body['status']).toBe(status);
  };

  it('refuses a badly signed 4 MB body with 413, and nothing reaches a Redis stream', async () => {
    const junk = eventOfSize(4 * KIB * KIB);
    const before = await streamEntriesAdded(redis, gateway.config.TRANSPORT_PREFIX);

    const response = await postWebhook(junk.payload, 't=1700000000,v1=' + '0'.repeat(64));

    expectProblem(response, 413);
    expect(await streamEntriesAdded(redis, gateway.config.TRANSPORT_PREFIX)).toBe(before);
    expect(received).toEqual([]);
  });

  it.each([
    ['signed with another secret', (payload: string) => signature(payload, 'whsec_someone_else')],
    ['signed too long ago', (payload: string) => signature(payload, SECRET, 1_700_000_000)],
    ['with a malformed signature header', () => 'v1=nothing-here'],
  ])('refuses an event %s with 400, and nothing reaches a Redis stream', async (_case, signed) => {
    const forged = eventOfSize(200 * KIB);
    const before = await streamEntriesAdded(redis, gateway.config.TRANSPORT_PREFIX);

    const response = await postWebhook(forged.payload, signed(forged.payload));

    expectProblem(response, 400);
    expect(response.body['detail']).toMatch(/^Stripe webhook refused: /);
    expect(await streamEntriesAdded(redis, gateway.config.TRANSPORT_PREFIX)).toBe(before);
    expect(received).toEqual([]);
  });

  it('passes a validly signed event of exactly 256 KiB to billing byte for byte', async () => {
    const valid = eventOfSize(256 * KIB);
    const header = signature(valid.payload, SECRET);

    const response = await postWebhook(valid.payload, header);

    expect(response.status).toBe(200);
    expect(received).toHaveLength(1);
    expect(received[0]?.pattern).toBe(BILLING_WEBHOOK_PATTERNS.receive);
    expect(received[0]?.payload).toEqual({ payload: valid.payload, signature: header });
  });

  it('refuses a validly signed event one byte over 256 KiB with 413', async () => {
    const tooBig = eventOfSize(256 * KIB + 1);

    const response = await postWebhook(tooBig.payload, signature(tooBig.payload, SECRET));

    expectProblem(response, 413);
    expect(received).toEqual([]);
  });

  it('limits the route per IP on its own allowance: 429 with Retry-After beyond it', async () => {
    const flooder = clientAddress();
    const forged = eventOfSize(KIB);
    const forgedSignature = signature(forged.payload, 'whsec_someone_else');

    const statuses: number[] = [];
    for (let i = 0; i < WEBHOOK_LIMIT_PER_MINUTE; i++)
      statuses.push((await postWebhook(forged.payload, forgedSignature, flooder)).status);
    const refused = await postWebhook(forged.payload, forgedSignature, flooder);
    const otherAddress = await postWebhook(forged.payload, forgedSignature);

    // More than the anonymous allowance (3) passed the limiter: the route counts on its own.
    expect(statuses).toEqual(Array(WEBHOOK_LIMIT_PER_MINUTE).fill(400));
    expectProblem(refused, 429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(otherAddress.status).toBe(400);
  });
});
