import {
  ALERT_PATTERNS,
  MAIL_CONSENT_PATTERNS,
  MailQuotaExceededError,
  NotFoundError,
  REPORT_RECIPIENT_PATTERNS,
  REPORT_RUN_PATTERNS,
  WEEKLY_REPORT_PATTERNS,
} from '@vantage/contracts';
import type { RedisStreamsServer } from '@vantage/transport';
import { call, uniqueEmail } from './support/gateway-api';
import {
  type GatewayWithStandIn,
  type Received,
  startGatewayWithStandIn,
  startStandIn,
} from './support/gateway-with-stand-in';

const GOOD_TOKEN = 'v1.good';
const RUN = {
  id: 'run_3kT9wQ1mZp8Lx2Vb7Nc4',
  kind: 'weekly',
  recipients: [{ email: 'ceo@example.com', status: 'sent' }],
};

const RULE = {
  id: 'arl_3kT9wQ1mZp8Lx2Vb7Nc4',
  name: 'Checkout collapsed',
  channels: {
    slack: { webhookUrl: 'https://hooks.slack.com/…XXXX' },
    email: { recipients: ['oncall@example.com', 'lead@example.com'] },
  },
};

/** Reporting as far as the gateway can tell: canned answers to the mail patterns. */
function reportingAnswer(pattern: string, payload: Record<string, unknown>): unknown {
  switch (pattern) {
    case REPORT_RECIPIENT_PATTERNS.unsubscribe:
    case MAIL_CONSENT_PATTERNS.peek:
    case MAIL_CONSENT_PATTERNS.confirm:
      if (payload['token'] !== GOOD_TOKEN) throw new NotFoundError('this link is not valid');
      return pattern === REPORT_RECIPIENT_PATTERNS.unsubscribe
        ? { email: 'c***@example.com', alreadyUnsubscribed: false }
        : { email: 'c***@example.com' };
    case REPORT_RECIPIENT_PATTERNS.create:
      return { id: 'rcp_3kT9wQ1mZp8Lx2Vb7Nc4', email: payload['email'], status: 'subscribed' };
    case REPORT_RECIPIENT_PATTERNS.list:
      return { items: [{ id: 'rcp_3kT9wQ1mZp8Lx2Vb7Nc4', email: 'ceo@example.com' }] };
    case REPORT_RUN_PATTERNS.list:
      return { items: [RUN], next: null };
    case REPORT_RUN_PATTERNS.get:
      return RUN;
    case WEEKLY_REPORT_PATTERNS.send:
      throw new MailQuotaExceededError('the daily e-mail quota (100) is used up', 3600);
    default:
      return {};
  }
}

describe('mail as a spam channel (gateway routes)', () => {
  let setup: GatewayWithStandIn<never, 'read' | 'admin'>;
  let trafficMonitor: RedisStreamsServer;
  const received: Received[] = [];

  beforeAll(async () => {
    setup = await startGatewayWithStandIn({
      standIn: {
        service: 'reporting',
        patterns: [
          REPORT_RECIPIENT_PATTERNS.unsubscribe,
          REPORT_RECIPIENT_PATTERNS.create,
          REPORT_RECIPIENT_PATTERNS.list,
          REPORT_RUN_PATTERNS.list,
          REPORT_RUN_PATTERNS.get,
          WEEKLY_REPORT_PATTERNS.send,
          ...Object.values(MAIL_CONSENT_PATTERNS),
        ],
        answer: reportingAnswer,
      },
      apiKeyScopes: ['read', 'admin'],
    });
    trafficMonitor = await startStandIn(
      setup.gateway,
      {
        service: 'traffic-monitor',
        patterns: [ALERT_PATTERNS.rulesCreate, ALERT_PATTERNS.rulesList, ALERT_PATTERNS.rulesGet],
        answer: (pattern, payload) =>
          pattern === ALERT_PATTERNS.rulesCreate
            ? { id: 'arl_3kT9wQ1mZp8Lx2Vb7Nc4', ...payload }
            : pattern === ALERT_PATTERNS.rulesList
              ? { items: [RULE] }
              : RULE,
      },
      received,
    );
  });

  beforeEach(() => {
    setup.received.length = 0;
    received.length = 0;
  });

  afterAll(async () => {
    await trafficMonitor?.close();
    await setup?.standIn.close();
    await setup?.gateway.close();
  });

  describe('unsubscribe link', () => {
    it('shows a page with a button on GET, and unsubscribes nobody', async () => {
      const response = await setup.gateway.fetch(`/api/v1/reports/unsubscribe?token=${GOOD_TOKEN}`);
      const html = await response.text();

      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(html).toContain(`<form method="post" action="?token=${GOOD_TOKEN}"`);
      expect(setup.received).toEqual([]);
    });

    it('unsubscribes on the one-click POST of RFC 8058, a form body', async () => {
      const response = await setup.gateway.fetch(
        `/api/v1/reports/unsubscribe?token=${GOOD_TOKEN}`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'List-Unsubscribe=One-Click',
        },
      );

      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        email: 'c***@example.com',
        alreadyUnsubscribed: false,
      });
      expect(setup.received.map((message) => [message.pattern, message.payload])).toEqual([
        [REPORT_RECIPIENT_PATTERNS.unsubscribe, { token: GOOD_TOKEN }],
      ]);
      expect(setup.received[0]?.envelope.orgId).toBeUndefined();
    });

    it('answers the page’s button with a page, and a forged token with a 404 page', async () => {
      const post = (token: string) =>
        setup.gateway.fetch(`/api/v1/reports/unsubscribe?token=${token}`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
          body: '',
        });
      const done = await post(GOOD_TOKEN);
      const forged = await post('v1.forged');

      expect(done.status).toBe(200);
      expect(await done.text()).toContain('c***@example.com will not receive these e-mails');
      expect(forged.status).toBe(404);
      expect(await forged.text()).toContain('This link does not work');
    });

    it('still refuses a form body on routes that take JSON', async () => {
      const response = await setup.gateway.fetch('/api/v1/reports/recipients', {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Bearer ${setup.owner.accessToken}`,
        },
        body: 'email=ceo%40example.com',
      });

      expect(response.status).toBe(415);
      expect(setup.received).toEqual([]);
    });
  });

  describe('confirmation link (double opt-in)', () => {
    it('shows a button on GET and confirms nothing; confirms on POST', async () => {
      const page = await setup.gateway.fetch(`/api/v1/mail/confirm?token=${GOOD_TOKEN}`);
      const html = await page.text();
      const afterGet = setup.received.map((message) => message.pattern);
      const confirmed = await call(
        setup.gateway,
        'POST',
        `/api/v1/mail/confirm?token=${GOOD_TOKEN}`,
      );

      expect(page.status).toBe(200);
      expect(html).toContain('c***@example.com');
      expect(html).toContain(`<form method="post" action="?token=${GOOD_TOKEN}"`);
      expect(afterGet).toEqual([MAIL_CONSENT_PATTERNS.peek]);
      expect(confirmed).toMatchObject({ status: 200, body: { email: 'c***@example.com' } });
      expect(setup.received.at(-1)?.pattern).toBe(MAIL_CONSENT_PATTERNS.confirm);
    });

    it('answers a forged or used link with a 404 page', async () => {
      const page = await setup.gateway.fetch('/api/v1/mail/confirm?token=mcn_forged');
      const post = await call(setup.gateway, 'POST', '/api/v1/mail/confirm?token=mcn_forged');

      expect(page.status).toBe(404);
      expect(await page.text()).toContain('This link does not work');
      expect(post.status).toBe(404);
    });
  });

  describe('members are told apart from strangers', () => {
    it('marks a new report recipient as a member of the org or not, and no caller can', async () => {
      const stranger = uniqueEmail('stranger');
      const asMember = await call(setup.gateway, 'POST', '/api/v1/reports/recipients', {
        token: setup.owner.accessToken,
        body: { email: setup.owner.user.email.toUpperCase() },
      });
      const asStranger = await call(setup.gateway, 'POST', '/api/v1/reports/recipients', {
        token: setup.owner.accessToken,
        body: { email: stranger },
      });
      const selfDeclared = await call(setup.gateway, 'POST', '/api/v1/reports/recipients', {
        token: setup.owner.accessToken,
        body: { email: stranger, member: true },
      });

      expect([asMember.status, asStranger.status, selfDeclared.status]).toEqual([201, 201, 400]);
      expect(setup.received.map((message) => message.payload['member'])).toEqual([true, false]);
    });

    it('registers an alert rule’s e-mail recipients with reporting, members marked', async () => {
      const stranger = uniqueEmail('oncall');
      const created = await call(setup.gateway, 'POST', '/api/v1/alerts/rules', {
        token: setup.owner.accessToken,
        body: {
          name: 'Checkout collapsed',
          condition: { kind: 'status', statuses: ['CRITICAL'] },
          channels: { email: { recipients: [setup.owner.user.email, stranger] } },
        },
      });

      expect(created.status).toBe(201);
      expect(received.map((message) => message.pattern)).toEqual([ALERT_PATTERNS.rulesCreate]);
      expect(setup.received.map((message) => [message.pattern, message.payload])).toEqual([
        [
          MAIL_CONSENT_PATTERNS.register,
          {
            addresses: [
              { email: setup.owner.user.email, member: true },
              { email: stranger, member: false },
            ],
          },
        ],
      ]);
      expect(setup.received[0]?.envelope.orgId).toBe(setup.owner.organization.id);
    });
  });

  describe('least privilege', () => {
    it('masks recipients’ and runs’ addresses for a key with only the read scope', async () => {
      const [recipients, runs, run] = await Promise.all(
        [
          '/api/v1/reports/recipients',
          '/api/v1/reports/runs',
          `/api/v1/reports/runs/${RUN.id}`,
        ].map((path) => call(setup.gateway, 'GET', path, { apiKey: setup.apiKeys.read })),
      );
      const asAdmin = await call(setup.gateway, 'GET', '/api/v1/reports/runs', {
        token: setup.owner.accessToken,
      });

      expect(recipients?.body).toMatchObject({ items: [{ email: 'c***@example.com' }] });
      expect(runs?.body).toMatchObject({
        items: [{ recipients: [{ email: 'c***@example.com' }] }],
      });
      expect(run?.body).toMatchObject({
        recipients: [{ email: 'c***@example.com', status: 'sent' }],
      });
      expect(asAdmin.body).toMatchObject({
        items: [{ recipients: [{ email: 'ceo@example.com' }] }],
      });
    });

    it('masks alert rules’ e-mail recipients for a key with only the read scope', async () => {
      const masked = { recipients: ['o***@example.com', 'l***@example.com'] };
      const [rules, rule] = await Promise.all(
        ['/api/v1/alerts/rules', `/api/v1/alerts/rules/${RULE.id}`].map((path) =>
          call(setup.gateway, 'GET', path, { apiKey: setup.apiKeys.read }),
        ),
      );
      const asAdminKey = await call(setup.gateway, 'GET', '/api/v1/alerts/rules', {
        apiKey: setup.apiKeys.admin,
      });

      expect(rules?.body).toMatchObject({ items: [{ channels: { email: masked } }] });
      expect(rule?.body).toMatchObject({ channels: { email: masked, slack: RULE.channels.slack } });
      expect(asAdminKey.body).toMatchObject({ items: [{ channels: RULE.channels }] });
    });
  });

  describe('daily mail quota', () => {
    it('answers send-now over the quota with a 429 problem of its own code, and Retry-After', async () => {
      const response = await call(setup.gateway, 'POST', '/api/v1/reports/weekly/send', {
        token: setup.owner.accessToken,
        body: {},
      });

      expect(response.status).toBe(429);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.headers.get('retry-after')).toBe('3600');
      expect(response.body).toMatchObject({
        code: 'MAIL_QUOTA_EXCEEDED',
        type: 'https://vantage.dev/problems/mail-quota-exceeded',
        status: 429,
      });
    });
  });
});
