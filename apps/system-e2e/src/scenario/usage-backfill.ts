// Last week's gateway usage for an org. The gateway records usage as requests happen, stamped
// with their time, so a complete past week cannot be produced by requests made now; the suite
// emits what the gateway would have emitted then, on the gateway's own usage contract.
import { randomUUID } from 'node:crypto';
import { GATEWAY_USAGE_RECORDED_EVENT, type UsageRecordDto } from '@vantage/contracts';
import { RedisStreamsClient } from '@vantage/transport';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Four users signing in and calling the API on each day of the seven days from `weekStartMs`. */
export function weekOfUsage(weekStartMs: number): UsageRecordDto[] {
  const users = ['usr_e2e_ada', 'usr_e2e_grace', 'usr_e2e_linus', 'usr_e2e_margaret'];
  const records: UsageRecordDto[] = [];
  for (let day = 0; day < 7; day++) {
    const active = users.slice(0, 1 + (day % users.length));
    for (const [index, userId] of active.entries()) {
      const at = new Date(weekStartMs + day * DAY_MS + (9 + index) * HOUR_MS).toISOString();
      records.push({ at, kind: 'login', userId });
      records.push({
        at,
        kind: 'request',
        userId,
        endpoint: 'POST /api/v1/dashboard/query',
        status: 200,
        country: 'DE',
      });
      records.push({
        at,
        kind: 'request',
        userId,
        endpoint: 'POST /api/v1/traffic/events',
        status: 202,
        country: 'US',
        eventsIngested: 1500,
      });
    }
  }
  return records;
}

export async function emitUsage(
  redisUrl: string,
  orgId: string,
  records: UsageRecordDto[],
): Promise<void> {
  const client = new RedisStreamsClient({ redisUrl, prefix: 'vantage', service: 'gateway' });
  try {
    await client.emitWithEnvelope(
      GATEWAY_USAGE_RECORDED_EVENT,
      { records },
      {
        messageId: randomUUID(),
        requestId: randomUUID(),
        orgId,
        actor: { kind: 'service', id: 'gateway', roles: [] },
        sentAt: new Date().toISOString(),
      },
    );
  } finally {
    await client.close();
  }
}
