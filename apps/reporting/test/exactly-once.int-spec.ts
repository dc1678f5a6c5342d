import {
  REPORT_RECIPIENT_PATTERNS,
  REPORT_RUN_PATTERNS,
  type ReportRunDto,
  WEEKLY_REPORT_PATTERNS,
} from '@vantage/contracts';
import { testTransportPrefix } from '@vantage/service-runtime/testing';
import type { RedisStreamsClient } from '@vantage/transport';
import { waitUntil } from '@vantage/transport/testing';
import { WeeklyScheduleJob } from '../src/weekly/weekly-schedule.job';
import { Mailbox } from './support/mailbox';
import { connectReportingClient, OrgClient, uniqueAddress } from './support/org-client';
import {
  type ReportingReplica,
  type ReportingStand,
  startReplicas,
  startReportingStand,
} from './support/reporting-replicas';
import { SmtpGate } from './support/smtp-gate';

/** 2026-W40 is the week before this instant: the scheduled report due then. */
const MONDAY_AFTER_W40 = new Date('2026-10-05T08:30:00Z');
const WEEK = '2026-W40';

describe('exactly one weekly e-mail per recipient', () => {
  let mailbox: Mailbox;

  beforeAll(async () => {
    mailbox = await Mailbox.open();
  });

  afterAll(async () => {
    await mailbox?.close();
  });

  async function runOf(org: OrgClient): Promise<ReportRunDto | undefined> {
    const { items } = await org.send<{ items: ReportRunDto[] }>(REPORT_RUN_PATTERNS.list, {
      kind: 'weekly',
    });
    return items.find((run) => run.key === WEEK);
  }

  async function settled(org: OrgClient): Promise<ReportRunDto> {
    let run: ReportRunDto | undefined;
    await waitUntil(async () => {
      run = await runOf(org);
      return run !== undefined && run.status !== 'running';
    }, 'the run to settle');
    return run as ReportRunDto;
  }

  async function addRecipients(org: OrgClient, count: number): Promise<string[]> {
    const addresses = Array.from({ length: count }, (_, index) => uniqueAddress(`exec${index}`));
    for (const email of addresses)
      await org.send(REPORT_RECIPIENT_PATTERNS.create, { email, member: true });
    return addresses;
  }

  async function mailsPerRecipient(addresses: readonly string[]): Promise<number[]> {
    const all = await mailbox.all();
    return addresses.map(
      (address) =>
        all.filter(
          (mail) => mail.to.some((to) => to.address === address) && mail.subject.includes(WEEK),
        ).length,
    );
  }

  describe('with two replicas', () => {
    let stand: ReportingStand;
    let replicas: ReportingReplica[];
    let client: RedisStreamsClient;

    beforeAll(async () => {
      stand = await startReportingStand(2, { SMTP_URL: mailbox.smtpUrl });
      ({ replicas, client } = stand);
    });

    afterAll(async () => {
      await stand?.close();
    });

    it('delivers one e-mail per recipient when both replicas tick and send is pressed twice at once', async () => {
      const org = new OrgClient(client);
      const recipients = await addRecipients(org, 3);
      const [a, b] = replicas as [ReportingReplica, ReportingReplica];

      await Promise.all([
        org.send(WEEKLY_REPORT_PATTERNS.send, { week: WEEK }),
        org.send(WEEKLY_REPORT_PATTERNS.send, { week: WEEK }),
        a.app.get(WeeklyScheduleJob).tick(MONDAY_AFTER_W40),
        b.app.get(WeeklyScheduleJob).tick(MONDAY_AFTER_W40),
        org.send(WEEKLY_REPORT_PATTERNS.send, { week: WEEK }),
      ]);
      await mailbox.waitFor(recipients);
      const run = await settled(org);
      // Once more after the fact: nothing is left to send.
      await Promise.all([
        a.app.get(WeeklyScheduleJob).tick(MONDAY_AFTER_W40),
        org.send(WEEKLY_REPORT_PATTERNS.send, { week: WEEK }),
      ]);

      expect(run.status).toBe('completed');
      expect(run.recipients.map((delivery) => [delivery.status, delivery.attempts])).toEqual([
        ['sent', 1],
        ['sent', 1],
        ['sent', 1],
      ]);
      expect(await mailsPerRecipient(recipients)).toEqual([1, 1, 1]);
    });
  });

  describe('through an SMTP outage', () => {
    let gate: SmtpGate;
    let replicas: ReportingReplica[];
    let client: RedisStreamsClient;

    beforeEach(async () => {
      gate = await SmtpGate.open({ host: '127.0.0.1', port: mailbox.smtpPort });
      replicas = await startReplicas(
        2,
        {
          SMTP_URL: gate.url,
          SMTP_POOL_MAX_CONNECTIONS: '1',
          MAIL_MAX_ATTEMPTS: '50',
        },
        testTransportPrefix(),
      );
      const [first] = replicas as [ReportingReplica];
      client = await connectReportingClient({
        redisUrl: first.config.REDIS_URL,
        prefix: first.config.TRANSPORT_PREFIX,
      });
    });

    afterEach(async () => {
      await client?.close();
      await Promise.all((replicas ?? []).map((replica) => replica.close().catch(() => undefined)));
      await gate?.close();
    });

    /** Waits until the run has met the outage: a delivery failed at least once. */
    async function outageSeen(org: OrgClient): Promise<ReportRunDto> {
      let run: ReportRunDto | undefined;
      await waitUntil(async () => {
        run = await runOf(org);
        return (run?.recipients ?? []).some((delivery) => delivery.lastError !== null);
      }, 'a delivery to fail');
      return run as ReportRunDto;
    }

    it('retries with backoff and delivers each remaining e-mail once when SMTP comes back', async () => {
      const org = new OrgClient(client);
      const recipients = await addRecipients(org, 4);
      const cut = gate.cutAfter(2);

      await org.send(WEEKLY_REPORT_PATTERNS.send, { week: WEEK });
      await cut;
      const during = await outageSeen(org);
      await gate.restore();
      await mailbox.waitFor(recipients);
      const run = await settled(org);

      expect(during.status).toBe('running');
      expect(during.recipients.slice(0, 2).map((delivery) => delivery.status)).toEqual([
        'sent',
        'sent',
      ]);
      expect(run.status).toBe('completed');
      expect(run.recipients.map((delivery) => delivery.status)).toEqual([
        'sent',
        'sent',
        'sent',
        'sent',
      ]);
      expect(run.recipients[2]?.attempts).toBeGreaterThan(1);
      expect(await mailsPerRecipient(recipients)).toEqual([1, 1, 1, 1]);
    });

    it('resumes a run whose replica stopped mid-run on the other replica, without re-sending to those served', async () => {
      const org = new OrgClient(client);
      const recipients = await addRecipients(org, 4);
      const [first, second] = replicas as [ReportingReplica, ReportingReplica];
      const cut = gate.cutAfter(2);

      // The scheduled run, on the first replica, meets the outage; that replica then stops.
      const ticking = first.app.get(WeeklyScheduleJob).tick(MONDAY_AFTER_W40);
      await cut;
      await outageSeen(org);
      await first.close();
      await ticking.catch(() => undefined);
      const interrupted = await runOf(org);
      await gate.restore();
      await second.app.get(WeeklyScheduleJob).tick(MONDAY_AFTER_W40);
      const run = await settled(org);

      expect(interrupted?.status).toBe('running');
      expect(interrupted?.recipients.map((delivery) => delivery.status)).toEqual([
        'sent',
        'sent',
        'failed',
        'pending',
      ]);
      expect(run.status).toBe('completed');
      expect(run.attempts).toBe(2);
      expect(await mailsPerRecipient(recipients)).toEqual([1, 1, 1, 1]);
    });
  });
});
