import { getConnectionToken } from '@nestjs/mongoose';
import {
  BILLING_METRICS_PATTERNS,
  ForbiddenError,
  REPORT_RECIPIENT_PATTERNS,
  REPORT_RUN_PATTERNS,
  type ReportRecipientDto,
  type ReportRunDto,
  type UnsubscribeResultDto,
  WEEKLY_REPORT_PATTERNS,
  type WeeklyPreviewDto,
} from '@vantage/contracts';
import type { RedisStreamsClient, RedisStreamsServer } from '@vantage/transport';
import { startTestServer, waitUntil } from '@vantage/transport/testing';
import type { Connection } from 'mongoose';
import { Mailbox, type ReceivedMail } from './support/mailbox';
import { OrgClient, uniqueAddress } from './support/org-client';
import { settledRun } from './support/report-runs';
import {
  type ReportingReplica,
  type ReportingStand,
  startReportingStand,
} from './support/reporting-replicas';
import { seedOrg } from './support/seed-org';
import { SEEDED_WEEK, startSourceStandIns } from './support/source-stand-ins';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('weekly report over real SMTP', () => {
  let mailbox: Mailbox;
  let stand: ReportingStand;
  let replica: ReportingReplica;
  let client: RedisStreamsClient;

  beforeAll(async () => {
    mailbox = await Mailbox.open();
    stand = await startReportingStand(1, { SMTP_URL: mailbox.smtpUrl });
    ({ replica, client } = stand);
  });

  afterAll(async () => {
    await stand?.close();
    await mailbox?.close();
  });

  async function usageBuckets(orgId: string): Promise<number> {
    const connection = replica.app.get<Connection>(getConnectionToken());
    return connection.collection('usage_hours').countDocuments({ orgId });
  }

  describe('with every source answering', () => {
    let standIns: RedisStreamsServer[];
    let org: OrgClient;
    const ceo = uniqueAddress('ceo');
    const cfo = uniqueAddress('cfo');
    let firstMails: Map<string, ReceivedMail[]>;
    let firstRun: ReportRunDto;
    const unsubscribeLinks = new Map<string, string>();

    beforeAll(async () => {
      standIns = await startSourceStandIns({
        redisUrl: replica.config.REDIS_URL,
        prefix: replica.config.TRANSPORT_PREFIX,
      });
      org = new OrgClient(client);
      await seedOrg(org, [ceo, cfo]);
      await waitUntil(async () => (await usageBuckets(org.orgId)) >= 4, 'usage to be recorded');
    });

    afterAll(async () => {
      await Promise.all(standIns.map((server) => server.close()));
    });

    it('sends the seeded week to every recipient, with the figures of the week and the week before', async () => {
      const started = await org.send<ReportRunDto>(WEEKLY_REPORT_PATTERNS.send, {
        week: SEEDED_WEEK,
      });

      expect(started).toMatchObject({ kind: 'weekly', key: SEEDED_WEEK, trigger: 'manual' });
      firstMails = await mailbox.waitFor([ceo, cfo]);
      firstRun = await settledRun(org, 'weekly', SEEDED_WEEK);
      expect(firstRun.status).toBe('completed');
      expect(firstRun.recipients.map((recipient) => [recipient.email, recipient.status])).toEqual([
        [ceo, 'sent'],
        [cfo, 'sent'],
      ]);

      const [mail] = firstMails.get(ceo) ?? [];
      expect(mail?.subject).toBe(
        'Weekly report for Acme Analytics: 2026-W40 (28 Sep \u2013 4 Oct 2026)',
      );
      const text = mail?.text ?? '';
      for (const line of [
        'MRR: $12,400, +3.3% (was $12,000)',
        'New subscriptions: 14, +55.6% (was 9)',
        'Churn rate: 2.50%, \u22120.98 pp (was 3.48%)',
        'Failed payments: 2, \u221260.0% (was 5)',
        'Daily active users: 0.6, +300% (average per day, was 0.1)',
        'Weekly active users: 3, +200% (was 1)',
        'API calls: 5, +400% (was 1)',
        'Events ingested: 1,500, new (was 0)',
        '1. POST /api/v1/events | 3 | new',
        'Germany (DE) | 3 | 100.0%',
        'Critical events: 2, \u221260.0% (was 5)',
        'Alerts raised: 3, +200% (was 1)',
        'Median time to resolve: 47 min (was 2 h)',
        'pandc.vnext.recommendations.cart.add | CRITICAL | \u221286.4% | \u22121,210',
        'Error rate: 0.42%, \u22120.18 pp (was 0.60%)',
        '1. TIMEOUT dashboard.query | traffic-monitor | 510',
        'Next week forecast: 210,000 requests (190,000\u2013230,000, 80% interval)',
        'Completed: 2, +100% (was 1)',
        'In progress: 1',
        'Blocked: 1',
      ]) {
        expect(text).toContain(line);
      }
      expect(mail?.html).toContain('$12,400');
      expect(mail?.html).toContain('pandc.vnext.recommendations.cart.add');
    });

    it('carries both parts, a preheader, the charts inline by cid, and List-Unsubscribe', async () => {
      const [mail] = firstMails.get(cfo) ?? [];
      if (!mail) throw new Error('no mail');

      expect(mail.text).toContain('== Revenue ==');
      expect(mail.html).toMatch(/^<!DOCTYPE html>/);
      expect(mail.html).toContain('2026-W40: MRR $12,400 (+3.3%)');
      expect(mail.html).not.toMatch(/<svg/i);
      const inline = (mail.attachments ?? []).filter((file) => file.contentType === 'image/png');
      expect(inline.map((file) => file.filename).sort()).toEqual([
        'reliability.png',
        'revenue.png',
        'roadmap.png',
        'traffic.png',
        'usage.png',
      ]);
      for (const file of inline) {
        expect(file.contentDisposition).toBe('inline');
        expect(file.contentId).toBe(`${file.filename.replace('.png', '')}-chart@vantage.report`);
      }
      const png = await mailbox.attachment(
        mail,
        (inline[0] as { generatedFileName: string }).generatedFileName,
      );
      expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);

      const raw = await mailbox.source(mail);
      for (const file of inline) expect(raw.decodedBody).toContain(`src="cid:${file.contentId}"`);
      expect(raw.header('content-type')).toMatch(/^multipart\/alternative/);
      const unsubscribe = raw.header('list-unsubscribe') ?? '';
      expect(unsubscribe).toMatch(
        new RegExp(
          `^<https://vantage\\.example/api/v1/reports/unsubscribe\\?token=v1\\.${org.orgId}\\.rcp_\\w{20}\\.[\\w-]{43}>$`,
        ),
      );
      expect(mail.text).toContain(`Unsubscribe: ${unsubscribe.slice(1, -1)}`);
      const delivery = firstRun.recipients.find((recipient) => recipient.email === cfo);
      expect(raw.header('message-id')).toBe(delivery?.messageId);
      unsubscribeLinks.set(cfo, unsubscribe.slice(1, -1));
    });

    it('sends nobody the same week twice', async () => {
      const again = await org.send<ReportRunDto>(WEEKLY_REPORT_PATTERNS.send, {
        week: SEEDED_WEEK,
      });

      expect(again.status).toBe('completed');
      expect(await mailbox.to(ceo)).toHaveLength(1);
    });

    it('sends nothing more to a recipient who unsubscribed through the link', async () => {
      const token = new URL(unsubscribeLinks.get(cfo) ?? '').searchParams.get('token');

      const first = await org.send<UnsubscribeResultDto>(REPORT_RECIPIENT_PATTERNS.unsubscribe, {
        token,
      });
      const second = await org.send<UnsubscribeResultDto>(REPORT_RECIPIENT_PATTERNS.unsubscribe, {
        token,
      });
      expect(first).toEqual({ email: `${cfo[0]}***@example.com`, alreadyUnsubscribed: false });
      expect(second.alreadyUnsubscribed).toBe(true);

      await org.send(WEEKLY_REPORT_PATTERNS.send, { week: '2026-W41' });
      await mailbox.waitFor([ceo], 2);
      const run = await settledRun(org, 'weekly', '2026-W41');

      expect(run.recipients.map((recipient) => recipient.email)).toEqual([ceo]);
      expect(await mailbox.to(cfo)).toHaveLength(1);
      const { items } = await org.send<{ items: ReportRecipientDto[] }>(
        REPORT_RECIPIENT_PATTERNS.list,
      );
      expect(items.find((recipient) => recipient.email === cfo)?.status).toBe('unsubscribed');
    });

    it('lists runs newest first, a page at a time', async () => {
      const first = await org.send<{ items: ReportRunDto[]; next: string | null }>(
        REPORT_RUN_PATTERNS.list,
        { limit: 1 },
      );
      const second = await org.send<{ items: ReportRunDto[]; next: string | null }>(
        REPORT_RUN_PATTERNS.list,
        { limit: 1, before: first.next },
      );
      const single = await org.send<ReportRunDto>(REPORT_RUN_PATTERNS.get, {
        id: second.items[0]?.id,
      });

      expect(first.items.map((run) => run.key)).toEqual(['2026-W41']);
      expect(second.items.map((run) => run.key)).toEqual([SEEDED_WEEK]);
      expect(single).toEqual(second.items[0]);
    });

    it('refuses a forged unsubscribe token with 404', async () => {
      const failure = await org.failure(REPORT_RECIPIENT_PATTERNS.unsubscribe, {
        token: `v1.${org.orgId}.rcp_00000000000000000000.${'A'.repeat(43)}`,
      });

      expect(failure.status).toBe(404);
    });

    it('previews the HTML as it would be sent, or with the charts embedded for a browser', async () => {
      const preview = await org.send<WeeklyPreviewDto>(WEEKLY_REPORT_PATTERNS.preview, {
        week: SEEDED_WEEK,
      });
      const inline = await org.send<WeeklyPreviewDto>(WEEKLY_REPORT_PATTERNS.preview, {
        week: SEEDED_WEEK,
        inlineImages: true,
      });

      expect(preview).toMatchObject({
        week: SEEDED_WEEK,
        from: '2026-09-28T00:00:00.000Z',
        to: '2026-10-05T00:00:00.000Z',
      });
      expect(preview.sections.every((section) => section.available)).toBe(true);
      expect(preview.html).toContain('src="cid:usage-chart@vantage.report"');
      expect(inline.html).not.toContain('cid:');
      expect(inline.html).toContain('src="data:image/png;base64,iVBORw0KGgo');
    });

    it('refuses to send a week that is not over, and a week that does not exist', async () => {
      const future = await org.failure(WEEKLY_REPORT_PATTERNS.send, { week: '2099-W10' });
      const missing = await org.failure(WEEKLY_REPORT_PATTERNS.send, { week: '2025-W53' });
      const malformed = await org.failure(WEEKLY_REPORT_PATTERNS.send, { week: '2026-47' });

      expect(future.status).toBe(400);
      expect(missing.status).toBe(400);
      expect(malformed.status).toBe(400);
    });
  });

  describe('with billing refusing its figures to the org', () => {
    it('leaves the revenue section out (billing shares the business’s revenue with operators only)', async () => {
      const billing = await startTestServer(
        {
          service: 'billing',
          prefix: replica.config.TRANSPORT_PREFIX,
          redisUrl: replica.config.REDIS_URL,
        },
        [
          {
            pattern: BILLING_METRICS_PATTERNS.revenue,
            handler: () => {
              throw new ForbiddenError('revenue metrics are for operator organisations');
            },
          },
        ],
      );
      const org = new OrgClient(client);
      try {
        const preview = await org.send<WeeklyPreviewDto>(WEEKLY_REPORT_PATTERNS.preview, {
          week: SEEDED_WEEK,
        });

        expect(preview.sections.map((section) => section.name)).toEqual([
          'usage',
          'traffic',
          'reliability',
          'roadmap',
        ]);
        expect(preview.text).not.toContain('Revenue');
      } finally {
        await billing.close();
      }
    });
  });

  describe("the organisation's name", () => {
    const preview = (org: OrgClient, payload: Record<string, unknown>) =>
      org.send<WeeklyPreviewDto>(WEEKLY_REPORT_PATTERNS.preview, { week: SEEDED_WEEK, ...payload });

    it('titles the preview with the name the gateway passes, escaped in the HTML', async () => {
      const org = new OrgClient(client);

      const named = await preview(org, { orgName: 'Tom & Jerry Ltd' });

      expect(named.subject).toMatch(/^Weekly report for Tom & Jerry Ltd: /);
      expect(named.html).toContain('Weekly report: Tom &amp; Jerry Ltd');
      expect(named.html).not.toContain('your organisation');
    });

    it('says "your organisation" only when the organisation has no name', async () => {
      const unnamed = await preview(new OrgClient(client), {});

      expect(unnamed.subject).toMatch(/^Weekly report for your organisation: /);
    });

    it('prefers the report name set in the schedule', async () => {
      const org = new OrgClient(client);
      await org.send(WEEKLY_REPORT_PATTERNS.schedulePut, { orgName: 'Acme Reports' });

      const named = await preview(org, { orgName: 'Acme Inc' });

      expect(named.subject).toMatch(/^Weekly report for Acme Reports: /);
    });

    it('sends the report under the name last passed by the gateway', async () => {
      const org = new OrgClient(client);
      const reader = uniqueAddress('reader');
      await org.send(REPORT_RECIPIENT_PATTERNS.create, { email: reader, member: true });
      await preview(org, { orgName: 'Globex' });

      await org.send(WEEKLY_REPORT_PATTERNS.send, { week: SEEDED_WEEK });
      const mails = await mailbox.waitFor([reader]);

      expect(mails.get(reader)?.[0]?.subject).toMatch(/^Weekly report for Globex: /);
    });
  });

  describe('with no source answering', () => {
    it('says each section has no data yet, quickly, and still sends the report', async () => {
      // Telemetry runs but does not know the pattern; billing and the traffic monitor are down.
      const telemetry = await startTestServer(
        {
          service: 'telemetry',
          prefix: replica.config.TRANSPORT_PREFIX,
          redisUrl: replica.config.REDIS_URL,
        },
        [],
      );
      const org = new OrgClient(client);
      const reader = uniqueAddress('reader');
      try {
        await org.send(REPORT_RECIPIENT_PATTERNS.create, { email: reader, member: true });

        await org.send(WEEKLY_REPORT_PATTERNS.send, { week: SEEDED_WEEK });
        const mails = await mailbox.waitFor([reader]);
        const preview = await org.send<WeeklyPreviewDto>(WEEKLY_REPORT_PATTERNS.preview, {
          week: SEEDED_WEEK,
        });

        const text = mails.get(reader)?.[0]?.text ?? '';
        for (const line of [
          'No billing data yet.',
          'No usage data yet.',
          'No traffic data yet.',
          'No reliability data yet.',
          'No roadmap items yet.',
        ]) {
          expect(text).toContain(line);
        }
        expect(mails.get(reader)?.[0]?.attachments ?? []).toHaveLength(0);
        expect(preview.sections.every((section) => !section.available)).toBe(true);
      } finally {
        await telemetry.close();
      }
    });
  });
});
