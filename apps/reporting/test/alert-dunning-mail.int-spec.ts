import { randomBytes } from 'node:crypto';
import {
  ALERT_MAIL_REQUESTED_EVENT,
  type AlertMailRequestedEvent,
  DUNNING_MAIL_REQUESTED_EVENT,
  MAIL_CONSENT_PATTERNS,
} from '@vantage/contracts';
import type { RedisStreamsClient } from '@vantage/transport';
import { dunningEvent } from './support/mail-events';
import { Mailbox } from './support/mailbox';
import { OrgClient, uniqueAddress } from './support/org-client';
import { settledRun } from './support/report-runs';
import { type ReportingStand, startReportingStand } from './support/reporting-replicas';

describe('alert and dunning e-mail through the same mailer and run records', () => {
  let mailbox: Mailbox;
  let stand: ReportingStand;
  let client: RedisStreamsClient;

  beforeAll(async () => {
    mailbox = await Mailbox.open();
    stand = await startReportingStand(2, { SMTP_URL: mailbox.smtpUrl });
    ({ client } = stand);
  });

  afterAll(async () => {
    await stand?.close();
    await mailbox?.close();
  });

  it('mails an alert once to each rule recipient, even when the event comes twice', async () => {
    const org = new OrgClient(client);
    const oncall = [uniqueAddress('oncall'), uniqueAddress('lead')];
    const alertId = `alt_${randomBytes(10).toString('hex').slice(0, 20)}`;
    const event: AlertMailRequestedEvent = {
      dedupeKey: `${alertId}:raised`,
      kind: 'raised',
      orgId: org.orgId,
      alertId,
      ruleId: 'arl_3kT9wQ1mZp8Lx2Vb7Nc4',
      ruleName: 'Cart traffic collapsed',
      severity: 'critical',
      summary: '1 event CRITICAL: pandc.vnext.recommendations.cart.add (\u221286%)',
      recipients: oncall,
      openedAt: '2026-11-20T10:00:00.000Z',
      resolvedAt: null,
      details: {
        kind: 'status',
        matched: 1,
        events: [
          {
            eventId: 'pandc.vnext.recommendations.cart.add',
            status: 'CRITICAL',
            radSet: 'Cart recommendations',
            current: 120,
            baseline: 880,
            changePct: -86.4,
          },
        ],
        windowFrom: '2026-11-19T00:00:00.000Z',
        windowTo: '2026-11-20T00:00:00.000Z',
      },
    };

    // As the gateway registers a rule's recipients that are members of the org.
    await org.send(MAIL_CONSENT_PATTERNS.register, {
      addresses: oncall.map((email) => ({ email, member: true })),
    });
    await org.emit(ALERT_MAIL_REQUESTED_EVENT, event);
    await org.emit(ALERT_MAIL_REQUESTED_EVENT, event);
    const mails = await mailbox.waitFor(oncall);
    const run = await settledRun(org, 'alert', event.dedupeKey);

    expect(run).toMatchObject({ status: 'completed', trigger: 'event' });
    expect(run.recipients.map((delivery) => delivery.status)).toEqual(['sent', 'sent']);
    const mail = mails.get(oncall[0] as string)?.[0];
    expect(mail?.subject).toBe(`[CRITICAL] Cart traffic collapsed: ${event.summary}`);
    expect(mail?.text).toContain(
      'pandc.vnext.recommendations.cart.add | CRITICAL | 120 | 880 | \u221286.4%',
    );
    expect(mail?.html).toContain('Alert raised: Cart traffic collapsed');
    expect(await mailbox.to(oncall[0] as string)).toHaveLength(1);
    expect(await mailbox.to(oncall[1] as string)).toHaveLength(1);
  });

  it('mails a dunning notice to the billing address, once per dedupe key', async () => {
    const org = new OrgClient(client);
    const billing = uniqueAddress('billing');
    const event = dunningEvent(org.orgId, billing);

    await org.emit(DUNNING_MAIL_REQUESTED_EVENT, event);
    await org.emit(DUNNING_MAIL_REQUESTED_EVENT, event);
    const mails = await mailbox.waitFor([billing]);
    await settledRun(org, 'dunning', event.dedupeKey);

    const mail = mails.get(billing)?.[0];
    expect(mail?.subject).toBe('Action needed: the payment for your Vantage Pro plan failed');
    expect(mail?.text).toContain('Amount due: $49');
    expect(mail?.text).toContain('Plan kept until: 7 December 2026');
    expect(mail?.text).toContain('Pay the invoice: https://invoice.stripe.com/i/acct_1/test_42');
    expect(await mailbox.to(billing)).toHaveLength(1);
  });

  it('refuses an alert mail whose payload names another org than its envelope', async () => {
    const org = new OrgClient(client);
    const victim = uniqueAddress('victim');
    await org.emit(ALERT_MAIL_REQUESTED_EVENT, {
      dedupeKey: 'alt_x:raised',
      kind: 'raised',
      orgId: 'org_someone_else',
      alertId: 'alt_x',
      ruleId: 'arl_x',
      ruleName: 'r',
      severity: 'info',
      summary: 's',
      recipients: [victim],
      openedAt: '2026-11-20T10:00:00.000Z',
      resolvedAt: null,
      details: {
        kind: 'formula',
        expression: '1',
        operator: 'gt',
        threshold: 0,
        value: 1,
        intervalFrom: '2026-11-20T10:00:00.000Z',
        intervalTo: '2026-11-20T10:05:00.000Z',
      },
    });
    // A well-formed event of the same org after it: once that one is mailed, the first was handled.
    const marker = uniqueAddress('marker');
    await org.emit(ALERT_MAIL_REQUESTED_EVENT, {
      dedupeKey: 'alt_y:raised',
      kind: 'raised',
      orgId: org.orgId,
      alertId: 'alt_y',
      ruleId: 'arl_y',
      ruleName: 'r',
      severity: 'info',
      summary: 's',
      recipients: [marker],
      openedAt: '2026-11-20T10:00:00.000Z',
      resolvedAt: null,
      details: {
        kind: 'formula',
        expression: '1',
        operator: 'gt',
        threshold: 0,
        value: 1,
        intervalFrom: '2026-11-20T10:00:00.000Z',
        intervalTo: '2026-11-20T10:05:00.000Z',
      },
    });
    await mailbox.waitFor([marker]);

    expect(await mailbox.to(victim)).toHaveLength(0);
  });
});
