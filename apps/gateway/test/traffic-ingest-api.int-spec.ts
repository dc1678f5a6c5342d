import { rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { startTestService } from '@vantage/service-runtime/testing';
import { gatewayService } from '../src/service-definition';
import {
  addMember,
  call,
  createApiKey,
  type Gateway,
  registerOrg,
  type Session,
} from './support/gateway-api';
import { realServiceOutDir, startRealService, stopRealServices } from './support/real-service';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

interface IngestAnswer {
  readonly accepted: number;
  readonly rejected: number;
  readonly errors: { readonly index: number; readonly reason: string; readonly message: string }[];
}

interface DashboardPage {
  readonly items: { readonly eventId: string; readonly current: number }[];
}

describe('traffic ingest API (gateway and traffic-monitor end to end)', () => {
  let gateway: Gateway;
  let outDir: string;
  let owner: Session;
  let viewer: Session;
  let ingestKey: string;
  let readKey: string;

  /** A minute ago: inside the window the dashboard counts by default (the last 24 h and now). */
  const aMinuteAgo = () => Date.now() - MINUTE_MS;
  const ingest = (body: unknown, headers: Record<string, string> = {}, apiKey = ingestKey) =>
    call<IngestAnswer>(gateway, 'POST', '/api/v1/traffic/events', { apiKey, body, headers });
  /** The stored count of one event id in the dashboard's window, read through the gateway. */
  const countOf = async (eventId: string) => {
    const page = await call<DashboardPage>(gateway, 'POST', '/api/v1/dashboard/query', {
      token: owner.accessToken,
      body: { search: eventId },
    });
    expect(page.status).toBe(200);
    return page.body.items.find((row) => row.eventId === eventId)?.current ?? 0;
  };

  beforeAll(async () => {
    outDir = realServiceOutDir('traffic-ingest-api');
    gateway = await startTestService(gatewayService);
    await startRealService('traffic-monitor', gateway, outDir, {
      // Every read recomputes, so a count added twice would show.
      HEALTH_CACHE_TTL_MS: '0',
    });
    owner = await registerOrg(gateway);
    viewer = await addMember(gateway, owner, 'viewer');
    ingestKey = (await createApiKey(gateway, owner, ['ingest'])).key;
    readKey = (await createApiKey(gateway, owner, ['read'])).key;
  }, 180_000);

  afterAll(async () => {
    await stopRealServices();
    await gateway?.close();
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  }, 30_000);

  it('accepts a batch with an ingest key: 202, refused events listed by index and reason', async () => {
    const at = aMinuteAgo();
    const response = await ingest({
      events: [
        { eventId: 'e2e.checkout.view', timestamp: at },
        { eventId: 'e2e.checkout.view', timestamp: new Date(at + 1000).toISOString(), count: 4 },
        { eventId: 'not valid', timestamp: at },
        { eventId: 'e2e.checkout.view', timestamp: Date.now() - 30 * DAY_MS },
        { eventId: 'e2e.checkout.view', timestamp: at, dimensions: { colour: 'red' } },
      ],
    });

    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({ accepted: 2, rejected: 3 });
    expect(response.body.errors.map(({ index, reason }) => ({ index, reason }))).toEqual([
      { index: 2, reason: 'invalid_event_id' },
      { index: 3, reason: 'too_old' },
      { index: 4, reason: 'invalid_dimensions' },
    ]);
    expect(await countOf('e2e.checkout.view')).toBe(5);
  });

  it('answers a batch repeated with its Idempotency-Key the same, and counts it once', async () => {
    const key = randomUUID();
    const body = {
      events: [{ eventId: 'e2e.retried.click', timestamp: aMinuteAgo(), count: 3 }],
    };

    const first = await ingest(body, { 'idempotency-key': key });
    const replay = await ingest(body, { 'idempotency-key': key });
    const reused = await ingest(
      { events: [{ eventId: 'e2e.retried.click', timestamp: aMinuteAgo(), count: 9 }] },
      { 'idempotency-key': key },
    );
    const unkeyed = await ingest(body);

    expect([first.status, replay.status, unkeyed.status]).toEqual([202, 202, 202]);
    expect(replay.body).toEqual(first.body);
    expect(reused.status).toBe(409);
    expect(reused.headers.get('content-type')).toContain('application/problem+json');
    expect(await countOf('e2e.retried.click')).toBe(6);
  });

  it('refuses a malformed Idempotency-Key with 400 problem+json naming the header', async () => {
    const response = await ingest(
      { events: [{ eventId: 'e2e.bad.header', timestamp: aMinuteAgo() }] },
      { 'idempotency-key': 'short' },
    );

    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body['errors' as keyof IngestAnswer]).toEqual([
      expect.objectContaining({ field: 'Idempotency-Key' }),
    ]);
    expect(await countOf('e2e.bad.header')).toBe(0);
  });

  it('refuses callers without the ingest scope or an analyst role with 403', async () => {
    const body = { events: [{ eventId: 'e2e.forbidden', timestamp: aMinuteAgo() }] };

    const withReadKey = await ingest(body, {}, readKey);
    const asViewer = await call(gateway, 'POST', '/api/v1/traffic/events', {
      token: viewer.accessToken,
      body,
    });

    expect([withReadKey.status, asViewer.status]).toEqual([403, 403]);
    expect(withReadKey.headers.get('content-type')).toContain('application/problem+json');
    expect(await countOf('e2e.forbidden')).toBe(0);
  });

  it('refuses more than 5,000 events, and a body over the size limit, as problem+json', async () => {
    const event = { eventId: 'e2e.too.many', timestamp: aMinuteAgo() };
    const tooMany = await ingest({ events: Array.from({ length: 5001 }, () => event) });
    const tooLarge = await ingest({
      events: [{ ...event, dimensions: { host: 'h'.repeat(6 * 1024 * 1024) } }],
    });

    expect(tooMany.status).toBe(400);
    expect(tooMany.headers.get('content-type')).toContain('application/problem+json');
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.headers.get('content-type')).toContain('application/problem+json');
    expect(await countOf('e2e.too.many')).toBe(0);
  });
});
