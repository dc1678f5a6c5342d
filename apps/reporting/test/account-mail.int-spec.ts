import { randomBytes } from 'node:crypto';
import {
  ACCOUNT_MAIL_REQUESTED_EVENT,
  type AccountMailRequestedEvent,
  REPORT_RUN_PATTERNS,
  type ReportRunDto,
} from '@vantage/contracts';
import type { RedisStreamsClient } from '@vantage/transport';
import { Mailbox } from './support/mailbox';
import { OrgClient, uniqueAddress } from './support/org-client';
import { type ReportingStand, startReportingStand } from './support/reporting-replicas';

describe('account mail requested by the gateway', () => {
  let mailbox: Mailbox;
  let stand: ReportingStand;
  let client: RedisStreamsClient;

  beforeAll(async () => {
    mailbox = await Mailbox.open();
    stand = await startReportingStand(1, { SMTP_URL: mailbox.smtpUrl });
    ({ client } = stand);
  });

  afterAll(async () => {
    await stand?.close();
    await mailbox?.close();
  });

  function request(overrides: Partial<AccountMailRequestedEvent>): AccountMailRequestedEvent {
    return {
      mailId: `acm_${randomBytes(12).toString('hex')}`,
      kind: 'verify-email',
      to: uniqueAddress('signup'),
      name: 'Sam',
      actionUrl: `https://app.vantage.example/verify-email?token=vev_${randomBytes(16).toString('hex')}`,
      expiresAt: '2026-12-09T12:00:00.000Z',
      requestedAt: new Date().toISOString(),
      ...overrides,
    };
  }

  it('mails the verification link to the new account, with its expiry', async () => {
    const org = new OrgClient(client);
    const event = request({});
    await org.emit(ACCOUNT_MAIL_REQUESTED_EVENT, event);

    const [mail] = (await mailbox.waitFor([event.to])).get(event.to) ?? [];
    expect(mail?.subject).toBe('Confirm your e-mail address for Vantage');
    expect(mail?.text).toContain(event.actionUrl);
    expect(mail?.text).toContain('2026-12-09 12:00 UTC');
    expect(mail?.headers['x-vantage-mail']).toBe('account.verify-email');
  });

  it('tells the owner of a known address about a sign-up attempt, without a secret', async () => {
    const org = new OrgClient(client);
    const event = request({
      kind: 'already-registered',
      actionUrl: 'https://app.vantage.example/login',
      expiresAt: null,
    });
    await org.emit(ACCOUNT_MAIL_REQUESTED_EVENT, event);

    const [mail] = (await mailbox.waitFor([event.to])).get(event.to) ?? [];
    expect(mail?.subject).toBe('Someone tried to sign up to Vantage with your address');
    expect(mail?.text).toContain('https://app.vantage.example/login');
  });

  it('keeps account mail out of the org mail runs, which admins can list', async () => {
    const org = new OrgClient(client);
    const event = request({ kind: 'password-reset' });
    await org.emit(ACCOUNT_MAIL_REQUESTED_EVENT, event);
    await mailbox.waitFor([event.to]);

    const { items } = await org.send<{ items: ReportRunDto[] }>(REPORT_RUN_PATTERNS.list, {});
    expect(items).toEqual([]);
  });
});
