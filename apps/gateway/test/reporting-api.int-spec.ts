import {
  type MessageEnvelope,
  NotFoundError,
  REPORT_RECIPIENT_PATTERNS,
  REPORT_RUN_PATTERNS,
  ROADMAP_PATTERNS,
  WEEKLY_REPORT_PATTERNS,
} from '@vantage/contracts';
import { startTestService } from '@vantage/service-runtime/testing';
import type { RedisStreamsContext, RedisStreamsServer } from '@vantage/transport';
import { startTestServer } from '@vantage/transport/testing';
import { gatewayService } from '../src/service-definition';
import { addMember, call, type Gateway, registerOrg, type Session } from './support/gateway-api';

const RECIPIENT_ID = 'rcp_3kT9wQ1mZp8Lx2Vb7Nc4';
const PREVIEW_HTML =
  '<!DOCTYPE html><html><body><img src="cid:usage-chart@vantage.report"></body></html>';

interface Received {
  readonly pattern: string;
  readonly payload: Record<string, unknown>;
  readonly envelope: MessageEnvelope;
}

/**
 * The reporting service as far as the gateway can tell: canned answers to its patterns, and a
 * record of what it received. (The service itself is tested in apps/reporting/test.)
 */
async function startReportingStandIn(
  gateway: Gateway,
  received: Received[],
): Promise<RedisStreamsServer> {
  const answers: Record<string, (payload: Record<string, unknown>) => unknown> = {
    [WEEKLY_REPORT_PATTERNS.preview]: () => ({ week: '2026-W47', html: PREVIEW_HTML }),
    [WEEKLY_REPORT_PATTERNS.send]: () => ({ id: 'run_3kT9wQ1mZp8Lx2Vb7Nc4', status: 'running' }),
    [REPORT_RUN_PATTERNS.list]: () => ({ items: [], next: null }),
    [REPORT_RECIPIENT_PATTERNS.create]: (payload) => ({ id: RECIPIENT_ID, ...payload }),
    [REPORT_RECIPIENT_PATTERNS.unsubscribe]: (payload) => {
      if (payload['token'] !== 'v1.good')
        throw new NotFoundError('this unsubscribe link is not valid');
      return { email: 'c***@example.com', alreadyUnsubscribed: false };
    },
    [ROADMAP_PATTERNS.list]: () => ({ items: [] }),
    [ROADMAP_PATTERNS.create]: (payload) => ({ id: 'rmi_3kT9wQ1mZp8Lx2Vb7Nc4', ...payload }),
  };
  return startTestServer(
    {
      service: 'reporting',
      prefix: gateway.config.TRANSPORT_PREFIX,
      redisUrl: gateway.config.REDIS_URL,
    },
    Object.entries(answers).map(([pattern, answer]) => ({
      pattern,
      handler: (payload: Record<string, unknown>, context: RedisStreamsContext) => {
        received.push({ pattern, payload, envelope: context.getEnvelope() });
        return answer(payload);
      },
    })),
  );
}

describe('reporting API (gateway routes)', () => {
  let gateway: Gateway;
  let standIn: RedisStreamsServer;
  let owner: Session;
  let analyst: Session;
  let viewer: Session;
  const received: Received[] = [];

  beforeAll(async () => {
    gateway = await startTestService(gatewayService);
    standIn = await startReportingStandIn(gateway, received);
    owner = await registerOrg(gateway);
    analyst = await addMember(gateway, owner, 'analyst');
    viewer = await addMember(gateway, owner, 'viewer');
  });

  beforeEach(() => {
    received.length = 0;
  });

  afterAll(async () => {
    await standIn?.close();
    await gateway?.close();
  });

  it('answers the preview as HTML, with the week and the inline flag converted', async () => {
    const response = await gateway.fetch(
      '/api/v1/reports/weekly/preview?week=2026-W47&inlineImages=true',
      {
        headers: { authorization: `Bearer ${viewer.accessToken}` },
      },
    );

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toBe(PREVIEW_HTML);
    expect(received[0]).toMatchObject({
      pattern: WEEKLY_REPORT_PATTERNS.preview,
      payload: { week: '2026-W47', inlineImages: true },
      envelope: { orgId: owner.organization.id },
    });
  });

  it('refuses a malformed week at the gateway, without calling the service', async () => {
    const response = await call(gateway, 'GET', '/api/v1/reports/weekly/preview?week=47', {
      token: viewer.accessToken,
    });

    expect(response.status).toBe(400);
    expect(received).toEqual([]);
  });

  it('lets admins send now (202), and not analysts or viewers', async () => {
    const [byOwner, byAnalyst, byViewer] = await Promise.all([
      call(gateway, 'POST', '/api/v1/reports/weekly/send', { token: owner.accessToken, body: {} }),
      call(gateway, 'POST', '/api/v1/reports/weekly/send', {
        token: analyst.accessToken,
        body: {},
      }),
      call(gateway, 'POST', '/api/v1/reports/weekly/send', { token: viewer.accessToken, body: {} }),
    ]);

    expect([byOwner.status, byAnalyst.status, byViewer.status]).toEqual([202, 403, 403]);
    expect(byOwner.body).toMatchObject({ status: 'running' });
    expect(received.map((message) => message.pattern)).toEqual([WEEKLY_REPORT_PATTERNS.send]);
  });

  it('keeps runs and recipients to admins, and 404s an id that cannot be one', async () => {
    const runs = await call(gateway, 'GET', '/api/v1/reports/runs?kind=weekly&limit=5', {
      token: owner.accessToken,
    });
    const runsAsViewer = await call(gateway, 'GET', '/api/v1/reports/runs', {
      token: viewer.accessToken,
    });
    const badId = await call(gateway, 'GET', '/api/v1/reports/recipients/usr_nope', {
      token: owner.accessToken,
    });

    expect(runs.status).toBe(200);
    expect(received[0]?.payload).toEqual({ kind: 'weekly', limit: 5 });
    expect(runsAsViewer.status).toBe(403);
    expect(badId.status).toBe(404);
    expect(received).toHaveLength(1);
  });

  it('adds a recipient with 201, and refuses a malformed address at the gateway', async () => {
    const created = await call(gateway, 'POST', '/api/v1/reports/recipients', {
      token: owner.accessToken,
      body: { email: 'ceo@example.com', name: 'Ada' },
    });
    const malformed = await call(gateway, 'POST', '/api/v1/reports/recipients', {
      token: owner.accessToken,
      body: { email: 'not an address' },
    });

    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: RECIPIENT_ID, email: 'ceo@example.com' });
    expect(malformed.status).toBe(400);
    expect(received).toHaveLength(1);
  });

  it('unsubscribes through the public link without any credential, by POST only', async () => {
    const page = await gateway.fetch('/api/v1/reports/unsubscribe?token=v1.good');
    const pageText = await page.text();
    const messagesAfterGet = received.length;
    const json = await call(gateway, 'POST', '/api/v1/reports/unsubscribe?token=v1.good');
    const forged = await call(gateway, 'POST', '/api/v1/reports/unsubscribe?token=v1.forged');

    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(pageText).toContain('<form method="post"');
    expect(messagesAfterGet).toBe(0);
    expect(json).toMatchObject({ status: 200, body: { alreadyUnsubscribed: false } });
    expect(forged.status).toBe(404);
    expect(received.every((message) => message.envelope.orgId === undefined)).toBe(true);
  });

  it('lets viewers read the roadmap and analysts change it', async () => {
    const list = await call(gateway, 'GET', '/api/v1/roadmap?status=blocked', {
      token: viewer.accessToken,
    });
    const byViewer = await call(gateway, 'POST', '/api/v1/roadmap', {
      token: viewer.accessToken,
      body: { title: 'SSO' },
    });
    const byAnalyst = await call(gateway, 'POST', '/api/v1/roadmap', {
      token: analyst.accessToken,
      body: { title: 'SSO', status: 'in_progress', due: '2026-12-15' },
    });

    expect([list.status, byViewer.status, byAnalyst.status]).toEqual([200, 403, 201]);
    expect(received.map((message) => message.payload)).toEqual([
      { status: 'blocked' },
      { title: 'SSO', status: 'in_progress', due: '2026-12-15' },
    ]);
  });
});
