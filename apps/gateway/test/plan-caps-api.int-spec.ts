import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { PlanLimitReachedError, RAD_SET_PATTERNS } from '@vantage/contracts';
import type { RedisStreamsServer } from '@vantage/transport';
import { call, type Gateway, registerOrg, type Session } from './support/gateway-api';
import {
  cannedAnswer,
  type Received,
  startGatewayWithStandIn,
} from './support/gateway-with-stand-in';

const FULL = 'One too many';

/**
 * Per-org caps are enforced by the services (apps/traffic-monitor/test/plan-caps.int-spec.ts,
 * apps/telemetry/test/series-caps.int-spec.ts); the gateway tells them the org's plan and
 * passes their refusal on.
 */
describe('plan caps through the gateway', () => {
  let gateway: Gateway;
  let standIn: RedisStreamsServer;
  let received: Received[];
  let owner: Session;

  const createRadSet = (session: Session, name: string) =>
    call(gateway, 'POST', '/api/v1/rad-sets', {
      token: session.accessToken,
      body: { name, pattern: 'shop.*', colour: '#112233' },
    });

  beforeAll(async () => {
    const api = await startGatewayWithStandIn({
      standIn: {
        service: 'traffic-monitor',
        patterns: [RAD_SET_PATTERNS.create],
        answer: (pattern, payload) => {
          if (payload['name'] === FULL) throw new PlanLimitReachedError('RAD sets', 20, 'free');
          return cannedAnswer(pattern, payload);
        },
      },
    });
    ({ gateway, standIn, received, owner } = api);
  });

  beforeEach(() => {
    received.length = 0;
  });

  afterAll(async () => {
    await standIn?.close();
    await gateway?.close();
  });

  it("puts the org's plan on the envelope of the messages a request sends", async () => {
    const enterprise = await registerOrg(gateway, 'big-spender');
    await gateway.app
      .get<Connection>(getConnectionToken())
      .collection('organizations')
      .updateOne({ _id: enterprise.organization.id as never }, { $set: { plan: 'enterprise' } });

    expect((await createRadSet(enterprise, 'Checkout')).status).toBe(201);
    expect((await createRadSet(owner, 'Checkout')).status).toBe(201);

    expect(received.map((message) => [message.envelope.orgId, message.envelope.plan])).toEqual([
      [enterprise.organization.id, 'enterprise'],
      [owner.organization.id, 'free'],
    ]);
  });

  it('answers a cap reached as 409 problem+json whose code and detail name the limit', async () => {
    const response = await createRadSet(owner, FULL);

    expect(response.status).toBe(409);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body).toMatchObject({
      code: 'PLAN_LIMIT_REACHED',
      title: 'Plan limit reached',
      detail: expect.stringContaining('the free plan allows at most 20 RAD sets'),
    });
  });
});
