import { randomBytes } from 'node:crypto';
import {
  ALERT_MAIL_REQUESTED_EVENT,
  type AlertMailRequestedEvent,
  DUNNING_MAIL_REQUESTED_EVENT,
  ErrorCode,
  MAIL_CONSENT_PATTERNS,
  type MailConfirmationResultDto,
  PLAN_CHANGED_EVENT,
  REPORT_RECIPIENT_PATTERNS,
  type ReportRecipientDto,
  type ReportRunDto,
  WEEKLY_REPORT_PATTERNS,
} from '@vantage/contracts';
import type { RedisStreamsClient } from '@vantage/transport';
import { waitUntil } from '@vantage/transport/testing';
import { register } from 'prom-client';
import { dunningEvent } from './support/mail-events';
import { Mailbox, type ReceivedMail } from './support/mailbox';
import { OrgClient, uniqueAddress } from './support/org-client';
import { settledRun } from './support/report-runs';
import { type ReportingStand, startReportingStand } from './support/reporting-replicas';
import { SEEDED_WEEK } from './support/source-stand-ins';

const QUOTA_FREE = 4;
const QUOTA_PRO = 8;
const CONFIRM_LINK = /https:\/\/vantage\.example\/api\/v1\/mail\/confirm\?token=([A-Za-z0-9._-]+)/;
const UNSUBSCRIBE_LINK =
  /^<(https:\/\/vantage\.example\/api\/v1\/reports\/unsubscribe\?token=[^>]+)>/;

/**
 * The reporting service cannot be used to mail strangers: addresses outside the org confirm by
 * double opt-in, each org has a daily quota by plan, and every mail can be left in one click.
 */
describe('mail is no spam channel', () => {
  let mailbox: Mailbox;
  let stand: ReportingStand;
  let client: RedisStreamsClient;

  beforeAll(async () => {
    mailbox = await Mailbox.open();
    stand = await startReportingStand(1, {
      SMTP_URL: mailbox.smtpUrl,
      MAIL_DAILY_QUOTA_FREE: String(QUOTA_FREE),
      MAIL_DAILY_QUOTA_PRO: String(QUOTA_PRO),
    });
    ({ client } = stand);
  });

  afterAll(async () => {
    await stand?.close();
    await mailbox?.close();
  });

  /** Raises an alert of the org to `recipients`, and waits for its run to settle. */
  async function alert(org: OrgClient, recipients: readonly string[]): Promise<ReportRunDto> {
    const event = alertEvent(org.orgId, recipients);
    await org.emit(ALERT_MAIL_REQUESTED_EVENT, event);
    return settledRun(org, 'alert', event.dedupeKey);
  }

  function confirmToken(mail: ReceivedMail | undefined): string {
    const token = CONFIRM_LINK.exec(mail?.text ?? '')?.[1];
    if (!token) throw new Error(`no confirmation link in ${JSON.stringify(mail?.text)}`);
    return token;
  }

  async function confirmations(org: OrgClient): Promise<Record<string, string>> {
    const { items } = await org.send<{ items: ReportRecipientDto[] }>(
      REPORT_RECIPIENT_PATTERNS.list,
    );
    return Object.fromEntries(items.map((item) => [item.email, item.confirmation]));
  }

  async function registerMembers(org: OrgClient, emails: readonly string[]): Promise<void> {
    await org.send(MAIL_CONSENT_PATTERNS.register, {
      addresses: emails.map((email) => ({ email, member: true })),
    });
  }

  describe('double opt-in', () => {
    it('mails an alert recipient outside the org one confirmation, and alerts only once confirmed', async () => {
      const org = new OrgClient(client);
      const outsider = uniqueAddress('outsider');

      const first = await alert(org, [outsider]);
      const [confirmation] = (await mailbox.waitFor([outsider])).get(outsider) ?? [];
      const second = await alert(org, [outsider]);

      expect(confirmation?.subject).toMatch(/^Confirm/);
      expect(first.recipients.map((delivery) => delivery.status)).toEqual(['skipped']);
      expect(second.recipients.map((delivery) => delivery.status)).toEqual(['skipped']);
      expect(await mailbox.to(outsider)).toHaveLength(1);

      const token = confirmToken(confirmation);
      const peeked = await org.send<MailConfirmationResultDto>(MAIL_CONSENT_PATTERNS.peek, {
        token,
      });
      const confirmed = await org.send<MailConfirmationResultDto>(MAIL_CONSENT_PATTERNS.confirm, {
        token,
      });
      const again = await org.failure(MAIL_CONSENT_PATTERNS.confirm, { token });
      expect(peeked.email).toBe(`${outsider[0]}***@example.com`);
      expect(confirmed.email).toBe(peeked.email);
      expect(again.code).toBe(ErrorCode.NotFound);

      const third = await alert(org, [outsider]);
      const mails = (await mailbox.waitFor([outsider], 2)).get(outsider) ?? [];
      expect(third.recipients.map((delivery) => delivery.status)).toEqual(['sent']);
      expect(mails.map((mail) => mail.subject).sort()).toEqual([
        confirmation?.subject,
        expect.stringMatching(/^\[CRITICAL\]/),
      ]);
    });

    it('refuses a forged confirmation token', async () => {
      const org = new OrgClient(client);

      const failure = await org.failure(MAIL_CONSENT_PATTERNS.confirm, {
        token: `mcn_${'A'.repeat(20)}.${'B'.repeat(43)}`,
      });

      expect(failure.code).toBe(ErrorCode.NotFound);
    });

    it('alerts members at once and asks only the others to confirm, once', async () => {
      const org = new OrgClient(client);
      const member = uniqueAddress('member');
      const outsider = uniqueAddress('stranger');

      await org.send(MAIL_CONSENT_PATTERNS.register, {
        addresses: [
          { email: member, member: true },
          { email: outsider, member: false },
        ],
      });
      await org.send(MAIL_CONSENT_PATTERNS.register, {
        addresses: [{ email: outsider, member: false }],
      });
      const run = await alert(org, [member, outsider]);
      await mailbox.waitFor([member, outsider]);

      expect(run.recipients.map((delivery) => [delivery.email, delivery.status])).toEqual([
        [member, 'sent'],
        [outsider, 'skipped'],
      ]);
      expect((await mailbox.to(member)).map((mail) => mail.subject)).toEqual([
        expect.stringMatching(/^\[CRITICAL\]/),
      ]);
      expect((await mailbox.to(outsider)).map((mail) => mail.subject)).toEqual([
        expect.stringMatching(/^Confirm/),
      ]);
    });

    it('asks a report recipient outside the org to confirm, and sends them no report until then', async () => {
      const org = new OrgClient(client);
      const member = uniqueAddress('exec');
      const outsider = uniqueAddress('investor');

      await org.send(REPORT_RECIPIENT_PATTERNS.create, { email: member, member: true });
      const added = await org.send<{ id: string }>(REPORT_RECIPIENT_PATTERNS.create, {
        email: outsider,
      });
      await org.send(REPORT_RECIPIENT_PATTERNS.delete, { id: added.id });
      await org.send(REPORT_RECIPIENT_PATTERNS.create, { email: outsider });
      await org.send(WEEKLY_REPORT_PATTERNS.send, { week: SEEDED_WEEK });
      const run = await settledRun(org, 'weekly', SEEDED_WEEK);
      const mails = await mailbox.waitFor([member, outsider]);

      expect(run.recipients.map((delivery) => [delivery.email, delivery.status])).toEqual([
        [member, 'sent'],
      ]);
      expect(mails.get(member)?.map((mail) => mail.subject)).toEqual([
        expect.stringMatching(/^Weekly report/),
      ]);
      expect((await mailbox.to(outsider)).map((mail) => mail.subject)).toEqual([
        expect.stringMatching(/^Confirm/),
      ]);
      expect(await confirmations(org)).toEqual({ [member]: 'not-needed', [outsider]: 'pending' });

      // Confirmed, the address joins the week's run when it is sent again (a scheduled run
      // that went out before the confirmation does not leave it out for the week).
      await org.send(MAIL_CONSENT_PATTERNS.confirm, {
        token: confirmToken((await mailbox.to(outsider))[0]),
      });
      await org.send(WEEKLY_REPORT_PATTERNS.send, { week: SEEDED_WEEK });
      const report = (await mailbox.waitFor([outsider], 2)).get(outsider) ?? [];
      const again = await settledRun(org, 'weekly', SEEDED_WEEK);

      expect((await confirmations(org))[outsider]).toBe('confirmed');
      expect(report.map((mail) => mail.subject).sort()).toEqual([
        expect.stringMatching(/^Confirm/),
        expect.stringMatching(/^Weekly report/),
      ]);
      expect(again.recipients.map((delivery) => [delivery.email, delivery.status])).toEqual([
        [member, 'sent'],
        [outsider, 'sent'],
      ]);
      expect(await mailbox.to(member)).toHaveLength(1);
    });
  });

  describe('List-Unsubscribe (RFC 8058)', () => {
    it('puts a one-click https unsubscribe on alert, confirmation, dunning and report mail', async () => {
      const org = new OrgClient(client);
      const [member, outsider, billing, exec] = ['oncall', 'new', 'billing', 'ceo'].map(
        uniqueAddress,
      ) as [string, string, string, string];
      await registerMembers(org, [member]);
      await org.send(REPORT_RECIPIENT_PATTERNS.create, { email: exec, member: true });

      await alert(org, [member, outsider]);
      await org.emit(DUNNING_MAIL_REQUESTED_EVENT, dunningEvent(org.orgId, billing));
      await org.send(WEEKLY_REPORT_PATTERNS.send, { week: SEEDED_WEEK });
      const mails = await mailbox.waitFor([member, outsider, billing, exec]);

      for (const address of [member, outsider, billing, exec]) {
        const raw = await mailbox.source(mails.get(address)?.[0] as ReceivedMail);
        expect([address, raw.header('list-unsubscribe')]).toEqual([
          address,
          expect.stringMatching(UNSUBSCRIBE_LINK),
        ]);
        expect(raw.header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
      }
    });

    it('stops the alert mail of an address that used the link of an alert', async () => {
      const org = new OrgClient(client);
      const member = uniqueAddress('leaver');
      await registerMembers(org, [member]);
      await alert(org, [member]);
      const [mail] = (await mailbox.waitFor([member])).get(member) ?? [];
      const header = (await mailbox.source(mail as ReceivedMail)).header('list-unsubscribe') ?? '';
      const link = new URL(UNSUBSCRIBE_LINK.exec(header)?.[1] ?? 'https://missing.invalid');

      const left = await org.send<{ email: string; alreadyUnsubscribed: boolean }>(
        REPORT_RECIPIENT_PATTERNS.unsubscribe,
        { token: link.searchParams.get('token') },
      );
      const next = await alert(org, [member]);

      expect(left).toEqual({ email: `${member[0]}***@example.com`, alreadyUnsubscribed: false });
      expect(next.recipients.map((delivery) => delivery.status)).toEqual(['skipped']);
      expect(await mailbox.to(member)).toHaveLength(1);
    });
  });

  describe('daily quota by plan', () => {
    it('sends no more than the plan allows per org and day, and counts what it held back', async () => {
      const org = new OrgClient(client);
      const oncall = Array.from({ length: QUOTA_FREE + 2 }, (_, index) =>
        uniqueAddress(`quota${index}`),
      );
      await registerMembers(org, oncall);
      const refusedBefore = await quotaRefusals();

      const run = await alert(org, oncall);
      await mailbox.waitFor(oncall.slice(0, QUOTA_FREE));

      expect(run.recipients.map((delivery) => delivery.status)).toEqual([
        ...Array<string>(QUOTA_FREE).fill('sent'),
        'skipped',
        'skipped',
      ]);
      expect(run.recipients[QUOTA_FREE]?.lastError).toMatch(/quota/);
      expect(await quotaRefusals()).toBe(refusedBefore + 2);
      for (const address of oncall.slice(QUOTA_FREE)) {
        expect(await mailbox.to(address)).toHaveLength(0);
      }
    });

    it('answers 429 MAIL_QUOTA_EXCEEDED to send-now and to a recipient needing a confirmation', async () => {
      const org = new OrgClient(client);
      const exec = uniqueAddress('board');
      await org.send(REPORT_RECIPIENT_PATTERNS.create, { email: exec, member: true });
      const oncall = Array.from({ length: QUOTA_FREE }, (_, index) =>
        uniqueAddress(`spent${index}`),
      );
      await registerMembers(org, oncall);
      await alert(org, oncall);

      const send = await org.failure(WEEKLY_REPORT_PATTERNS.send, { week: SEEDED_WEEK });
      const outsider = uniqueAddress('late');
      const add = await org.failure(REPORT_RECIPIENT_PATTERNS.create, { email: outsider });

      expect(send).toMatchObject({ status: 429, code: ErrorCode.MailQuotaExceeded });
      expect(send.retryAfterSeconds).toBeGreaterThan(0);
      expect(add).toMatchObject({ status: 429, code: ErrorCode.MailQuotaExceeded });
      expect(await mailbox.to(exec)).toHaveLength(0);

      // A larger plan, as billing announces it, raises the quota.
      await org.emit(PLAN_CHANGED_EVENT, {
        orgId: org.orgId,
        plan: 'pro',
        changedAt: new Date().toISOString(),
      });
      await waitUntil(async () => {
        try {
          await org.send(WEEKLY_REPORT_PATTERNS.send, { week: SEEDED_WEEK });
          return true;
        } catch {
          return false;
        }
      }, 'the pro quota to apply');
      await mailbox.waitFor([exec]);
    });
  });
});

async function quotaRefusals(): Promise<number> {
  const metric = await register
    .getSingleMetric('vantage_reporting_mail_quota_refused_total')
    ?.get();
  return (metric?.values ?? []).reduce((sum, value) => sum + value.value, 0);
}

function alertEvent(orgId: string, recipients: readonly string[]): AlertMailRequestedEvent {
  const alertId = `alt_${randomBytes(10).toString('hex').slice(0, 20)}`;
  return {
    dedupeKey: `${alertId}:raised`,
    kind: 'raised',
    orgId,
    alertId,
    ruleId: 'arl_3kT9wQ1mZp8Lx2Vb7Nc4',
    ruleName: 'Checkout collapsed',
    severity: 'critical',
    summary: '1 event CRITICAL: shop.checkout (\u221290%)',
    recipients: [...recipients],
    openedAt: '2026-11-20T10:00:00.000Z',
    resolvedAt: null,
    details: {
      kind: 'formula',
      expression: 'count(eventId="shop.checkout")',
      operator: 'lt',
      threshold: 10,
      value: 1,
      intervalFrom: '2026-11-20T10:00:00.000Z',
      intervalTo: '2026-11-20T10:05:00.000Z',
    },
  };
}
