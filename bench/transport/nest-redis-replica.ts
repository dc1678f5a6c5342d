// The peer baseline: one replica of the same echo service on Nest's stock Redis transport
// (pub/sub), in its own process like echo-replica.ts, so both transports are measured the same
// way. Forked by replica-process.ts with argv [redisUrl, prefix] and an IPC channel.
import { ServerRedis } from '@nestjs/microservices';
import { nestRedisOptions, nestEchoPattern } from './nest-redis-peer';
import { runReplica, serveParent } from './replica-child';

const [redisUrl, prefix] = process.argv.slice(2);
let handledRequests = 0;

async function start(): Promise<void> {
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

  serveParent(
    () => server.close(),
    () => ({ handledRequests, handledEvents: 0 }),
  );
}

runReplica(start);
