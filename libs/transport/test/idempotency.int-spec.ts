import { randomUUID } from 'node:crypto';
import { firstValueFrom } from 'rxjs';
import { MessageEnvelope } from '@vantage/contracts';
import {
  RedisStreamsClient,
  RedisStreamsContext,
  RedisStreamsServer,
  commandStreamKey,
  replyStreamKey,
} from '../src';
import { encodeMessage } from '../src/shared/wire-message';
import {
  connectTestClient,
  startTestServer,
  testPrefix,
  testRedis,
  waitUntil,
} from '../src/testing';

function envelope(messageId: string): MessageEnvelope {
  return { messageId, requestId: randomUUID(), sentAt: new Date().toISOString() };
}

describe('a mutating message delivered twice', () => {
  const prefix = testPrefix();
  const redis = testRedis();
  const balance = new Map<string, number>();
  const runs: string[] = [];
  const servers: RedisStreamsServer[] = [];
  let client: RedisStreamsClient;

  const credit = (data: { account: string; amount: number }, context: RedisStreamsContext) => {
    runs.push(context.getMessageId());
    balance.set(data.account, (balance.get(data.account) ?? 0) + data.amount);
    return { balance: balance.get(data.account) };
  };

  beforeAll(async () => {
    for (let replica = 0; replica < 2; replica++) {
      servers.push(
        await startTestServer({ service: 'ledger', prefix }, [
          { pattern: 'ledger.credit.1', handler: credit, event: true },
          { pattern: 'ledger.credit-now.1', handler: (d: never, c: never) => credit(d, c) },
        ]),
      );
    }
    client = await connectTestClient({ service: 'ledger', prefix, requestTimeoutMs: 10_000 });
  });

  afterAll(async () => {
    await client.close();
    await Promise.all(servers.map((server) => server.close()));
    redis.disconnect();
  });

  it('applies an event emitted twice under one message id only once', async () => {
    const sameMessage = envelope(randomUUID());
    await Promise.all([
      client.emitWithEnvelope('ledger.credit.1', { account: 'a', amount: 10 }, sameMessage),
      client.emitWithEnvelope('ledger.credit.1', { account: 'a', amount: 10 }, sameMessage),
    ]);
    await client.emitWithEnvelope(
      'ledger.credit.1',
      { account: 'a', amount: 1 },
      envelope(randomUUID()),
    );

    await waitUntil(() => balance.get('a') === 11, 'both distinct credits');
    // Long enough for a stray second handling (claims run every 500 ms) to land.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(balance.get('a')).toBe(11);
    expect(runs.filter((id) => id === sameMessage.messageId)).toHaveLength(1);
  });

  it('answers a redelivered request with the first reply without running it again', async () => {
    // The very same stream entry (same message id, same reply address) twice, as a producer
    // retrying after a lost acknowledgement would. The replies go to a stream only this test
    // reads (a client deletes the replies it reads).
    const replyAt = replyStreamKey(prefix, 'retrying-producer');
    const fields = encodeMessage({
      pattern: 'ledger.credit-now.1',
      data: { account: 'b', amount: 5 },
      envelope: envelope(randomUUID()),
      reply: { stream: replyAt, correlationId: 'c1', deadline: Date.now() + 10_000 },
    });
    const stream = commandStreamKey(prefix, 'ledger');
    await redis.xadd(stream, '*', ...fields);
    await waitUntil(async () => (await redis.xlen(replyAt)) === 1, 'the first reply');
    await redis.xadd(stream, '*', ...fields);
    await waitUntil(async () => (await redis.xlen(replyAt)) === 2, 'the second reply');

    const replies = (await redis.xrange(replyAt, '-', '+')) as Array<[string, string[]]>;
    const bodies = replies.map(([, replyFields]) => {
      const body = JSON.parse(replyFields[replyFields.indexOf('body') + 1] as string) as {
        responses: unknown[];
      };
      return body.responses;
    });
    expect(bodies).toEqual([[{ balance: 5 }], [{ balance: 5 }]]);
    expect(balance.get('b')).toBe(5);
  });

  it('sends a message that keeps failing to the dead-letter stream after the last delivery', async () => {
    const poison = await startTestServer(
      { service: 'poison', prefix, maxDeliveries: 2, claimIdleMs: 300 },
      [
        {
          pattern: 'poison.boom.1',
          handler: () => {
            throw new Error('handler keeps failing');
          },
          event: true,
        },
      ],
    );
    const poisonClient = await connectTestClient({ service: 'poison', prefix });
    try {
      await firstValueFrom(poisonClient.emit('poison.boom.1', { n: 1 }), {
        defaultValue: undefined,
      });
      const dlq = `${prefix}:{dlq:poison}`;
      await waitUntil(async () => (await redis.xlen(dlq)) === 1, 'the dead letter');
      const [[, fields]] = (await redis.xrange(dlq, '-', '+')) as Array<[string, string[]]>;
      expect(fields[fields.indexOf('reason') + 1]).toMatch(/failed 2 deliveries/);
    } finally {
      await poisonClient.close();
      await poison.close();
    }
  });
});

describe('consumers of replicas that are gone', () => {
  const prefix = testPrefix();
  const redis = testRedis();

  afterAll(() => redis.disconnect());

  it('are removed from the group once they hold nothing and stayed silent', async () => {
    const first = await startTestServer({ service: 'janitor', prefix, consumerName: 'gone' }, [
      { pattern: 'janitor.ping.1', handler: () => 'pong' },
    ]);
    const client = await connectTestClient({ service: 'janitor', prefix });
    // A consumer joins the group when it first reads.
    await expect(firstValueFrom(client.send('janitor.ping.1', {}))).resolves.toBe('pong');
    await client.close();
    await first.close();
    const second = await startTestServer(
      {
        service: 'janitor',
        prefix,
        consumerName: 'alive',
        claimIdleMs: 100,
        forgetConsumersAfterMs: 300,
      },
      [{ pattern: 'janitor.ping.1', handler: () => 'pong' }],
    );
    try {
      const names = async () =>
        ((await redis.xinfo('CONSUMERS', `${prefix}:{cmd:janitor}`, 'janitor')) as string[][]).map(
          (fields) => fields[fields.indexOf('name') + 1],
        );
      expect(await names()).toContain('gone');
      await waitUntil(
        async () => !(await names()).includes('gone'),
        'the gone consumer to be removed',
      );
    } finally {
      await second.close();
    }
  });
});
