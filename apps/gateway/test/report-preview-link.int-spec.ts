import { WEEKLY_REPORT_PATTERNS } from '@vantage/contracts';
import { startTestService } from '@vantage/service-runtime/testing';
import type { RedisStreamsContext, RedisStreamsServer } from '@vantage/transport';
import { startTestServer } from '@vantage/transport/testing';
import { PREVIEW_LINK_PURPOSE } from '../src/api/reporting/weekly-preview-link';
import { gatewayService } from '../src/service-definition';
import { signLinkToken } from '../src/shared/signed-link-token';
import { addMember, call, type Gateway, registerOrg, type Session } from './support/gateway-api';
import type { Received } from './support/gateway-with-stand-in';

const LINK_PATH = '/api/v1/reports/weekly/preview/link';
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Reporting's preview as far as the gateway can tell: the HTML names the org it was asked for. */
async function startPreviewStandIn(
  gateway: Gateway,
  received: Received[],
): Promise<RedisStreamsServer> {
  return startTestServer(
    {
      service: 'reporting',
      prefix: gateway.config.TRANSPORT_PREFIX,
      redisUrl: gateway.config.REDIS_URL,
    },
    [
      {
        pattern: WEEKLY_REPORT_PATTERNS.preview,
        handler: (payload: Record<string, unknown>, context: RedisStreamsContext) => {
          const envelope = context.getEnvelope();
          received.push({ pattern: WEEKLY_REPORT_PATTERNS.preview, payload, envelope });
          return { html: `<html>preview of ${envelope.orgId}</html>` };
        },
      },
      {
        pattern: WEEKLY_REPORT_PATTERNS.send,
        handler: (payload: Record<string, unknown>, context: RedisStreamsContext) => {
          const envelope = context.getEnvelope();
          received.push({ pattern: WEEKLY_REPORT_PATTERNS.send, payload, envelope });
          return { id: 'run_3kT9wQ1mZp8Lx2Vb7Nc4', status: 'running' };
        },
      },
    ],
  );
}

describe('weekly report preview by signed link', () => {
  let gateway: Gateway;
  let standIn: RedisStreamsServer;
  let owner: Session;
  let viewer: Session;
  let stranger: Session;
  const received: Received[] = [];

  beforeAll(async () => {
    gateway = await startTestService(gatewayService);
    standIn = await startPreviewStandIn(gateway, received);
    owner = await registerOrg(gateway, 'acme');
    viewer = await addMember(gateway, owner, 'viewer');
    stranger = await registerOrg(gateway, 'globex');
  });

  beforeEach(() => {
    received.length = 0;
  });

  afterAll(async () => {
    await standIn?.close();
    await gateway?.close();
  });

  async function createLink(session: Session, body: Record<string, unknown> = {}) {
    const before = Date.now();
    const response = await call<{ url: string; expiresAt: string }>(
      gateway,
      'POST',
      '/api/v1/reports/weekly/preview-link',
      { token: session.accessToken, body },
    );
    expect(response.status).toBe(201);
    return { ...response.body, before };
  }

  /** The link's path and query, opened on the test gateway as a browser would: no credential. */
  function open(url: string, headers: Record<string, string> = {}): Promise<Response> {
    const { pathname, search } = new URL(url);
    return gateway.fetch(`${pathname}${search}`, { headers });
  }

  function tokenOf(url: string): string {
    return new URL(url).searchParams.get('token') ?? '';
  }

  function linkWith(token: string): string {
    return `http://localhost${LINK_PATH}?${new URLSearchParams({ token }).toString()}`;
  }

  it('passes the organisation name to reporting, for the title of the preview', async () => {
    const response = await gateway.fetch('/api/v1/reports/weekly/preview', {
      headers: { authorization: `Bearer ${viewer.accessToken}` },
    });

    expect(response.status).toBe(200);
    expect(received[0]?.payload).toEqual({ orgName: 'Org of acme' });
  });

  it('passes the organisation name with send-now, for the title of the e-mail', async () => {
    const response = await call(gateway, 'POST', '/api/v1/reports/weekly/send', {
      token: owner.accessToken,
      body: { week: '2026-W47' },
    });

    expect(response.status).toBe(202);
    expect(received[0]?.payload).toEqual({ week: '2026-W47', orgName: 'Org of acme' });
  });

  it('gives a member a link, valid for 15 minutes, that opens the preview without credentials', async () => {
    const link = await createLink(viewer, { week: '2026-W47' });

    const expiresAt = Date.parse(link.expiresAt);
    expect(expiresAt).toBeGreaterThanOrEqual(link.before + 15 * 60_000 - 1000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 15 * 60_000 + 1000);
    expect(link.url.startsWith(`${gateway.config.PUBLIC_URL}${LINK_PATH}?token=`)).toBe(true);

    const page = await open(link.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(await page.text()).toBe(`<html>preview of ${owner.organization.id}</html>`);
    expect(received[0]).toMatchObject({
      payload: { week: '2026-W47', inlineImages: true, orgName: 'Org of acme' },
      envelope: { orgId: owner.organization.id },
    });
    const audit = await call<{ items: Record<string, unknown>[] }>(
      gateway,
      'GET',
      '/api/v1/audit?action=report.preview_link_created&limit=1',
      { token: owner.accessToken },
    );
    expect(audit.body.items[0]).toMatchObject({
      actorKind: 'user',
      actorId: viewer.user.id,
      details: { week: '2026-W47', expiresAt: link.expiresAt },
    });
  });

  it("shows the link's organisation only, whatever credential is sent with it", async () => {
    const link = await createLink(stranger);

    const page = await open(link.url, { authorization: `Bearer ${owner.accessToken}` });

    expect(page.status).toBe(200);
    expect(await page.text()).toBe(`<html>preview of ${stranger.organization.id}</html>`);
    expect(received.map((message) => message.envelope.orgId)).toEqual([stranger.organization.id]);
  });

  it('refuses an expired link with 401, as problem+json or as a page for a browser', async () => {
    const token = signLinkToken(
      {
        purpose: PREVIEW_LINK_PURPOSE,
        orgId: owner.organization.id,
        expiresAt: new Date(Date.now() - 1000),
        params: {},
      },
      gateway.config.PREVIEW_LINK_SECRET,
    );

    const api = await open(linkWith(token));
    const browser = await open(linkWith(token), { accept: 'text/html' });

    expect(api.status).toBe(401);
    expect(api.headers.get('content-type')).toContain('application/problem+json');
    expect(await api.json()).toMatchObject({
      code: 'UNAUTHORIZED',
      detail: expect.stringMatching(/expired/),
    });
    expect(browser.status).toBe(401);
    expect(browser.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await browser.text()).toContain('This preview link has expired; ask for a new one.');
    expect(received).toEqual([]);
  });

  it('refuses a link altered to name another organisation, or with a changed signature', async () => {
    const token = tokenOf((await createLink(owner)).url);
    const [payload = '', signature = ''] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    const otherOrg = Buffer.from(
      JSON.stringify({ ...claims, o: stranger.organization.id }),
    ).toString('base64url');
    // The last of 43 characters carries 4 bits and 2 spare ones: flipping a spare bit spells
    // the same signature otherwise, which is refused as well.
    const lastIndex = BASE64URL.indexOf(signature.slice(-1));
    const respelled = `${signature.slice(0, -1)}${BASE64URL[lastIndex ^ 1]}`;
    const flipped = `${signature.slice(0, 5)}${signature[5] === 'A' ? 'B' : 'A'}${signature.slice(6)}`;

    const forged = await open(linkWith(`${otherOrg}.${signature}`));
    const resigned = await open(linkWith(`${payload}.${flipped}`));
    const truncated = await open(linkWith(`${payload}.${signature.slice(0, 10)}`));
    const sameBits = await open(linkWith(`${payload}.${respelled}`));

    expect([forged.status, resigned.status, truncated.status, sameBits.status]).toEqual([
      401, 401, 401, 401,
    ]);
    expect(received).toEqual([]);
  });

  it('refuses a link signed for another purpose with 403', async () => {
    const token = signLinkToken(
      {
        purpose: 'something-else',
        orgId: owner.organization.id,
        expiresAt: new Date(Date.now() + 60_000),
        params: {},
      },
      gateway.config.PREVIEW_LINK_SECRET,
    );

    const response = await open(linkWith(token));

    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: 'FORBIDDEN' });
    expect(received).toEqual([]);
  });

  it('refuses a link signed with another secret', async () => {
    const token = signLinkToken(
      {
        purpose: PREVIEW_LINK_PURPOSE,
        orgId: owner.organization.id,
        expiresAt: new Date(Date.now() + 60_000),
        params: {},
      },
      `${gateway.config.PREVIEW_LINK_SECRET}x`,
    );

    expect((await open(linkWith(token))).status).toBe(401);
  });

  it('refuses a link request without a credential', async () => {
    const response = await call(gateway, 'POST', '/api/v1/reports/weekly/preview-link', {
      body: {},
    });

    expect(response.status).toBe(401);
  });
});
