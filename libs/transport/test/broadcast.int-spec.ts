import { firstValueFrom } from 'rxjs';
import { RedisStreamsClient, RedisStreamsServer } from '../src';
import { connectTestClient, startTestServer, testPrefix, waitUntil } from '../src/testing';

describe('broadcast events', () => {
  const prefix = testPrefix();
  const seen: Array<{ replica: number; plan: string; kind: 'broadcast' | 'once' }> = [];
  const servers: RedisStreamsServer[] = [];
  let client: RedisStreamsClient;

  beforeAll(async () => {
    for (let replica = 0; replica < 3; replica++) {
      servers.push(
        await startTestServer({ service: 'gateway', prefix }, [
          {
            pattern: 'billing.plan.changed.1',
            handler: (data: { plan: string }) =>
              void seen.push({ replica, plan: data.plan, kind: 'broadcast' }),
            event: true,
            broadcast: true,
          },
          {
            pattern: 'billing.invoice.paid.1',
            handler: (data: { plan: string }) =>
              void seen.push({ replica, plan: data.plan, kind: 'once' }),
            event: true,
          },
        ]),
      );
    }
    client = await connectTestClient({ service: 'billing', prefix });
  });

  afterAll(async () => {
    await client.close();
    await Promise.all(servers.map((server) => server.close()));
  });

  it('reaches every replica, while an ordinary event reaches exactly one', async () => {
    for (const plan of ['pro', 'enterprise']) {
      await firstValueFrom(client.emit('billing.plan.changed.1', { plan }), {
        defaultValue: undefined,
      });
    }
    await firstValueFrom(client.emit('billing.invoice.paid.1', { plan: 'pro' }), {
      defaultValue: undefined,
    });

    await waitUntil(
      () => seen.filter((s) => s.kind === 'broadcast').length === 6,
      'six broadcasts',
    );
    await waitUntil(() => seen.some((s) => s.kind === 'once'), 'the ordinary event');
    await new Promise((resolve) => setTimeout(resolve, 1000));

    for (const replica of [0, 1, 2]) {
      const plans = seen
        .filter((s) => s.kind === 'broadcast' && s.replica === replica)
        .map((s) => s.plan);
      expect(plans).toEqual(['pro', 'enterprise']);
    }
    expect(seen.filter((s) => s.kind === 'once')).toHaveLength(1);
  });
});
