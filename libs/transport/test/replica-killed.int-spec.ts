import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { firstValueFrom } from 'rxjs';
import { RedisStreamsClient, RedisStreamsContext, RedisStreamsServer } from '../src';
import {
  connectTestClient,
  startTestServer,
  testPrefix,
  testRedis,
  testRedisUrl,
  waitUntil,
} from '../src/testing';

const root = path.resolve(__dirname, '..', '..', '..');

function spawnDoomedReplica(prefix: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    // tsx as a loader keeps the replica one process, so SIGKILL really kills it.
    ['--import', 'tsx', path.join(__dirname, 'fixtures/doomed-replica.ts')],
    {
      cwd: root,
      env: {
        ...process.env,
        TSX_TSCONFIG_PATH: path.join(root, 'tsconfig.base.json'),
        REDIS_URL: testRedisUrl(),
        PREFIX: prefix,
        SERVICE: 'jobs',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`doomed replica exited early (${code})`)));
  });
}

async function kill(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

describe('a replica killed while handling a message', () => {
  const prefix = testPrefix();
  const redis = testRedis();
  let doomed: ChildProcess;
  let survivor: RedisStreamsServer;
  let client: RedisStreamsClient;
  const handledBySurvivor: Array<{ id: string; deliveries: number }> = [];

  beforeAll(async () => {
    doomed = await spawnDoomedReplica(prefix);
    client = await connectTestClient({ service: 'jobs', prefix, requestTimeoutMs: 20_000 });
  });

  afterAll(async () => {
    if (doomed.exitCode === null && doomed.signalCode === null) await kill(doomed);
    await client.close();
    await survivor?.close();
    redis.disconnect();
  });

  it('has its request and its event handled by the other replica', async () => {
    const reply = firstValueFrom(
      client.send<{ id: string; by: string }>('job.run.1', { id: 'r1' }),
    );
    await firstValueFrom(client.emit('job.queued.1', { id: 'e1' }), { defaultValue: undefined });
    await waitUntil(
      async () => (await redis.lrange(`${prefix}:taken`, 0, -1)).length === 2,
      'the doomed replica to take both messages',
    );

    await kill(doomed);
    // Nest marks each handler function as request or event handler: one function per pattern.
    const record = () => (data: { id: string }, context: RedisStreamsContext) => {
      handledBySurvivor.push({ id: data.id, deliveries: context.getDeliveryCount() });
      return { id: data.id, by: 'survivor' };
    };
    survivor = await startTestServer({ service: 'jobs', prefix, claimIdleMs: 1000 }, [
      { pattern: 'job.run.1', handler: record() },
      { pattern: 'job.queued.1', handler: record(), event: true },
    ]);

    await expect(reply).resolves.toEqual({ id: 'r1', by: 'survivor' });
    await waitUntil(
      () => handledBySurvivor.some((h) => h.id === 'e1'),
      'the event to be taken over',
    );
    expect(handledBySurvivor.map((h) => h.id).sort()).toEqual(['e1', 'r1']);
    expect(handledBySurvivor.every((h) => h.deliveries >= 2)).toBe(true);
  });
});
