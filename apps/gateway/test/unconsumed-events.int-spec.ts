import { RAD_SET_PATTERNS } from '@vantage/contracts';
import { eventStreamKey } from '@vantage/transport';
import Redis from 'ioredis';
import { type GatewayWithStandIn, startGatewayWithStandIn } from './support/gateway-with-stand-in';

describe('events no service consumes', () => {
  let setup: GatewayWithStandIn<'analyst', never>;

  beforeAll(async () => {
    // Adding a member sends an invitation and accepts it.
    setup = await startGatewayWithStandIn({
      standIn: { service: 'traffic-monitor', patterns: [RAD_SET_PATTERNS.list] },
      members: ['analyst'],
    });
  }, 60_000);

  afterAll(async () => {
    await setup?.standIn.close();
    await setup?.gateway.close();
  });

  it('leaves no stream of invitations in Redis, where nothing would ever remove it', async () => {
    const { config } = setup.gateway;
    const redis = new Redis(config.REDIS_URL);
    try {
      expect(setup.members.analyst.role).toBe('analyst');
      const stream = eventStreamKey(config.TRANSPORT_PREFIX, 'gateway.invite.created');
      expect(await redis.exists(stream)).toBe(0);
    } finally {
      redis.disconnect();
    }
  });
});
