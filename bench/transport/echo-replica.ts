// One replica of the bench service in its own process, so replicas scale over CPUs the way
// deployed ones do instead of sharing the load generator's event loop. Forked by
// replica-process.ts with argv [redisUrl, prefix] and an IPC channel.
import { RedisStreamsServer } from '@vantage/transport';
import { runReplica, serveParent } from './replica-child';
import { BENCH_SERVICE, ECHO_PATTERN, TICK_PATTERN } from './replica-protocol';

const [redisUrl, prefix] = process.argv.slice(2);
let handledRequests = 0;
let handledEvents = 0;

async function start(): Promise<void> {
  if (!redisUrl || !prefix || !process.send) {
    throw new Error('usage: fork echo-replica.ts <redisUrl> <prefix> (with an IPC channel)');
  }
  const server = new RedisStreamsServer({
    redisUrl,
    prefix,
    service: BENCH_SERVICE,
    // Keys outlive a crashed run by minutes, not the default day.
    dedupeTtlMs: 10 * 60_000,
  });
  server.addHandler(
    ECHO_PATTERN,
    async (data: unknown) => {
      handledRequests += 1;
      return data;
    },
    false,
  );
  server.addHandler(
    TICK_PATTERN,
    async () => {
      handledEvents += 1;
    },
    true,
  );
  await new Promise<void>((resolve, reject) =>
    server.listen((error?: unknown) => (error ? reject(error) : resolve())),
  );

  serveParent(
    () => server.close(),
    () => ({ handledRequests, handledEvents }),
  );
}

runReplica(start);
