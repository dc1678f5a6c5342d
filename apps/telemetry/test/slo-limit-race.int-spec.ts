import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { SLO_MAX_PER_ORG, TELEMETRY_SLO_PATTERNS } from '@vantage/contracts';
import {
  connectClient,
  OrgMessenger,
  startTestService,
  type TestService,
} from '@vantage/service-runtime/testing';
import type { RedisStreamsClient } from '@vantage/transport';
import { sendTogether } from '@vantage/transport/testing';
import { telemetryService } from '../src/service-definition';

const CONCURRENT = 10;
const ROOM_LEFT = 2;

describe('the SLO limit under concurrent creations', () => {
  let service: TestService;
  let client: RedisStreamsClient;

  beforeAll(async () => {
    service = await startTestService(telemetryService, {
      env: { GOLDEN_SIGNALS_INTERVAL_MS: '0', SLO_EVALUATION_INTERVAL_MS: '3600000' },
    });
    client = await connectClient(service, 'telemetry', { requestTimeoutMs: 30_000 });
  });

  afterAll(async () => {
    await client?.close();
    await service?.close();
  });

  it('lets only the room left through when creations arrive together', async () => {
    const org = new OrgMessenger(client);
    // An org a couple of SLOs short of the limit (only its count matters here).
    await service.app
      .get<Connection>(getConnectionToken())
      .collection('slos')
      .insertMany(
        Array.from({ length: SLO_MAX_PER_ORG - ROOM_LEFT }, (_, n) => ({
          _id: `slo_filler${org.orgId}${n}` as never,
          orgId: org.orgId,
        })),
      );

    const outcomes = await sendTogether(CONCURRENT, (n) =>
      org.send(TELEMETRY_SLO_PATTERNS.create, {
        name: `Availability ${n}`,
        service: 'checkout',
        kind: 'availability',
        target: 0.999,
      }),
    );

    expect(outcomes.filter((outcome) => outcome === 'created')).toHaveLength(ROOM_LEFT);
    for (const refusal of outcomes.filter((outcome) => outcome !== 'created')) {
      expect(refusal).toMatchObject({
        status: 400,
        message: expect.stringContaining(`at most ${SLO_MAX_PER_ORG} SLOs`),
      });
    }
  });
});
