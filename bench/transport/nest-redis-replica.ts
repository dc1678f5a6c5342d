// The peer baseline: one replica of the same echo service on Nest's stock Redis transport
// (pub/sub), in its own process like echo-replica.ts, so both transports are measured the same
// way. Forked by replica-process.ts with argv [redisUrl, prefix] and an IPC channel.
import { ServerRedis } from '@nestjs/microservices';
import { nestRedisOptions, nestEchoPattern } from './nest-redis-peer';
import { isParentMessage, ReplicaMessage } from './replica-protocol';

const [redisUrl, prefix] = process.argv.slice(2);
let handledRequests = 0;

function send(message: ReplicaMessage): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  if (!redisUrl || !prefix || !process.send) {
    throw new Error('usage: fork nest-redis-replica.ts <redisUrl> <prefix> (with an IPC channel)');
  }
  const server = new ServerRedis(nestRedisOptions(redisUrl));
  server.addHandler(
    nestEchoPattern(prefix),
    async (data: unknown) => {
      handledRequests += 1;
      return data;
    },
    false,
  );
  await new Promise<void>((resolve, reject) => {
    // Nest's Redis server both calls back and returns a promise; the callback says it all.
    void server.listen((error?: unknown) => (error ? reject(error) : resolve()));
  });

  const stop = async (): Promise<void> => {
    await server.close();
    process.exit(0);
  };
  process.on('message', (message: unknown) => {
    if (!isParentMessage(message)) return;
    if (message.type === 'stop') {
      void stop();
      return;
    }
    const rssMb = process.memoryUsage().rss / 2 ** 20;
    send({ type: 'report', handledRequests, handledEvents: 0, rssMb });
  });
  process.on('disconnect', () => void stop());
  send({ type: 'ready' });
}

main().catch((error: unknown) => {
  const failed: ReplicaMessage = {
    type: 'failed',
    error: error instanceof Error ? error.message : String(error),
  };
  if (process.send) process.send(failed, undefined, undefined, () => process.exit(1));
  else process.exit(1);
});
