import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import {
  REPORT_MAX_RECIPIENTS,
  REPORT_RECIPIENT_PATTERNS,
  ROADMAP_MAX_ITEMS,
  ROADMAP_PATTERNS,
} from '@vantage/contracts';
import type { RedisStreamsClient } from '@vantage/transport';
import { sendTogether } from '@vantage/transport/testing';
import { connectReportingClient, OrgClient } from './support/org-client';
import { type ReportingReplica, startReplicas } from './support/reporting-replicas';

const CONCURRENT = 10;
const ROOM_LEFT = 2;

describe('reporting limits under concurrent creations', () => {
  let replica: ReportingReplica;
  let client: RedisStreamsClient;

  beforeAll(async () => {
    [replica] = (await startReplicas(1, {})) as [ReportingReplica];
    client = await connectReportingClient({
      redisUrl: replica.config.REDIS_URL,
      prefix: replica.config.TRANSPORT_PREFIX,
    });
  });

  afterAll(async () => {
    await client?.close();
    await replica?.close();
  });

  it('lets only the room left on the roadmap through when items arrive together', async () => {
    const org = new OrgClient(client);
    // An org a couple of items short of the limit (only its count matters here).
    await replica.app
      .get<Connection>(getConnectionToken())
      .collection('roadmap_items')
      .insertMany(
        Array.from({ length: ROADMAP_MAX_ITEMS - ROOM_LEFT }, (_, n) => ({
          _id: `rmi_filler${org.orgId}${n}` as never,
          orgId: org.orgId,
        })),
      );

    const outcomes = await sendTogether(CONCURRENT, (n) =>
      org.send(ROADMAP_PATTERNS.create, { title: `Item ${n}` }),
    );

    expect(outcomes.filter((outcome) => outcome === 'created')).toHaveLength(ROOM_LEFT);
    for (const refusal of outcomes.filter((outcome) => outcome !== 'created')) {
      expect(refusal).toMatchObject({
        status: 400,
        message: expect.stringContaining(`at most ${ROADMAP_MAX_ITEMS} roadmap items`),
      });
    }
  });

  it('lets only the room left among recipients through when additions arrive together', async () => {
    const org = new OrgClient(client);
    await replica.app
      .get<Connection>(getConnectionToken())
      .collection('report_recipients')
      .insertMany(
        Array.from({ length: REPORT_MAX_RECIPIENTS - ROOM_LEFT }, (_, n) => ({
          _id: `rcp_filler${org.orgId}${n}` as never,
          orgId: org.orgId,
          emailKey: `filler-${n}@example.com`,
        })),
      );

    const outcomes = await sendTogether(CONCURRENT, (n) =>
      // Members' addresses: no confirmation mail, so nothing but the limit decides.
      org.send(REPORT_RECIPIENT_PATTERNS.create, { email: `exec-${n}@example.com`, member: true }),
    );

    expect(outcomes.filter((outcome) => outcome === 'created')).toHaveLength(ROOM_LEFT);
    for (const refusal of outcomes.filter((outcome) => outcome !== 'created')) {
      expect(refusal).toMatchObject({
        status: 400,
        message: expect.stringContaining(`at most ${REPORT_MAX_RECIPIENTS} recipients`),
      });
    }
  });
});
