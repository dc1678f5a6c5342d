import {
  GATEWAY_USAGE_RECORDED_EVENT,
  REPORT_RECIPIENT_PATTERNS,
  ROADMAP_PATTERNS,
  WEEKLY_REPORT_PATTERNS,
} from '@vantage/contracts';
import type { OrgClient } from './org-client';

/** An org with a name, recipients, roadmap items and two weeks of gateway usage. */
export async function seedOrg(org: OrgClient, recipients: readonly string[]): Promise<void> {
  await org.send(WEEKLY_REPORT_PATTERNS.schedulePut, { orgName: 'Acme Analytics' });
  // As the gateway marks them: members of the org, mailed without a confirmation.
  for (const email of recipients)
    await org.send(REPORT_RECIPIENT_PATTERNS.create, { email, member: true });
  const items = [
    {
      title: 'Self-serve SSO',
      status: 'done',
      owner: 'ada@example.com',
      doneAt: '2026-09-29T10:00:00Z',
    },
    { title: 'Pricing page', status: 'done', doneAt: '2026-10-01T10:00:00Z' },
    { title: 'Older work', status: 'done', doneAt: '2026-09-23T10:00:00Z' },
    { title: 'Forecast accuracy', status: 'in_progress', due: '2026-12-01' },
    { title: 'EU data residency', status: 'blocked', owner: 'linus@example.com' },
  ];
  for (const item of items) await org.send(ROADMAP_PATTERNS.create, item);

  const request = (at: string, fields: Record<string, unknown>) => ({
    at,
    kind: 'request',
    ...fields,
  });
  const seededWeek = {
    records: [
      { at: '2026-09-28T08:00:00Z', kind: 'login', userId: 'usr_a' },
      request('2026-09-28T08:05:00Z', {
        userId: 'usr_a',
        endpoint: 'GET /api/v1/dashboard/stats',
        country: 'DE',
      }),
      request('2026-09-28T17:00:00Z', { userId: 'usr_b', endpoint: 'GET /api/v1/dashboard/stats' }),
      request('2026-09-29T09:00:00Z', {
        endpoint: 'POST /api/v1/events',
        eventsIngested: 500,
        country: 'DE',
      }),
      request('2026-09-29T12:00:00Z', {
        userId: 'usr_a',
        endpoint: 'POST /api/v1/events',
        eventsIngested: 500,
      }),
      request('2026-09-30T12:00:00Z', {
        userId: 'usr_c',
        endpoint: 'POST /api/v1/events',
        eventsIngested: 500,
        country: 'DE',
      }),
    ],
  };
  const weekBefore = {
    records: [
      request('2026-09-21T12:00:00Z', { userId: 'usr_a', endpoint: 'GET /api/v1/rad-sets' }),
    ],
  };
  await org.emit(GATEWAY_USAGE_RECORDED_EVENT, seededWeek, 'usage-message-1');
  // The same message again (a redelivery): counted once.
  await org.emit(GATEWAY_USAGE_RECORDED_EVENT, seededWeek, 'usage-message-1');
  await org.emit(GATEWAY_USAGE_RECORDED_EVENT, weekBefore);
}
