import { Controller, DynamicModule, Inject, INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import { firstValueFrom } from 'rxjs';
import { RedisStreamsClient, RedisStreamsContext, RedisStreamsServer } from '../src';
import { connectTestClient, testPrefix, testRedisUrl, waitUntil } from '../src/testing';
import { Ledger } from './ledger';

const REPLICA = Symbol('replica');
const LEDGER = Symbol('ledger');

@Controller()
class WorkController {
  constructor(
    @Inject(REPLICA) private readonly replica: string,
    @Inject(LEDGER) private readonly ledger: Ledger,
  ) {}

  @MessagePattern('math.double.1')
  async double(@Payload() data: { n: number }, @Ctx() context: RedisStreamsContext) {
    this.ledger.record(`request:${context.getMessageId()}`, this.replica);
    // A little asynchronous work, so both replicas hold messages at the same time.
    await new Promise((resolve) => setImmediate(resolve));
    return { n: data.n, doubled: data.n * 2 };
  }

  @EventPattern('tally.add.1')
  add(@Payload() data: { id: string }) {
    this.ledger.record(`event:${data.id}`, this.replica);
  }
}

@Module({})
class WorkModule {
  static forReplica(replica: string, ledger: Ledger): DynamicModule {
    return {
      module: WorkModule,
      controllers: [WorkController],
      providers: [
        { provide: REPLICA, useValue: replica },
        { provide: LEDGER, useValue: ledger },
      ],
    };
  }
}

describe('two replicas of a service', () => {
  const prefix = testPrefix();
  const ledger = new Ledger();
  const replicas: INestMicroservice[] = [];
  let client: RedisStreamsClient;

  beforeAll(async () => {
    for (const name of ['replica-a', 'replica-b']) {
      const app = await NestFactory.createMicroservice(WorkModule.forReplica(name, ledger), {
        strategy: new RedisStreamsServer({
          redisUrl: testRedisUrl(),
          service: 'work',
          prefix,
          concurrency: 16,
        }),
        logger: false,
      });
      await app.listen();
      replicas.push(app);
    }
    client = await connectTestClient({ service: 'work', prefix, requestTimeoutMs: 20_000 });
  });

  afterAll(async () => {
    await client.close();
    await Promise.all(replicas.map((app) => app.close()));
  });

  it('answers 1,000 requests correctly, each handled exactly once, spread over both replicas', async () => {
    const replies = await Promise.all(
      Array.from({ length: 1000 }, (_, n) =>
        firstValueFrom(client.send<{ n: number; doubled: number }>('math.double.1', { n })),
      ),
    );

    replies.forEach((reply, n) => expect(reply).toEqual({ n, doubled: 2 * n }));
    const requestKeys = ledger.keys.filter((key) => key.startsWith('request:'));
    expect(requestKeys).toHaveLength(1000);
    expect(requestKeys.every((key) => ledger.timesHandled(key) === 1)).toBe(true);
    const share = ledger.shareByReplica('request:');
    console.log('requests per replica', Object.fromEntries(share));
    expect(share.get('replica-a') ?? 0).toBeGreaterThan(100);
    expect(share.get('replica-b') ?? 0).toBeGreaterThan(100);
  });

  it('handles each of 1,000 events exactly once, spread over both replicas', async () => {
    const ids = Array.from({ length: 1000 }, (_, i) => `e${i}`);
    await Promise.all(
      ids.map((id) =>
        firstValueFrom(client.emit('tally.add.1', { id }), { defaultValue: undefined }),
      ),
    );

    await waitUntil(() => ids.every((id) => ledger.timesHandled(`event:${id}`) >= 1), 'all events');
    // Give a would-be second delivery the time to show up (claim interval is below this).
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(ids.filter((id) => ledger.timesHandled(`event:${id}`) !== 1)).toEqual([]);
    const share = ledger.shareByReplica('event:');
    console.log('events per replica', Object.fromEntries(share));
    expect(share.get('replica-a') ?? 0).toBeGreaterThan(100);
    expect(share.get('replica-b') ?? 0).toBeGreaterThan(100);
  });
});
