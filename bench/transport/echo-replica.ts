// One replica of the bench service in its own process, so replicas scale over CPUs the way
// deployed ones do instead of sharing the load generator's event loop. Forked by
// replica-process.ts with argv [redisUrl, prefix] and an IPC channel.
import { RedisStreamsServer } from '@vantage/transport';
import {
  BENCH_SERVICE,
  ECHO_PATTERN,
  isParentMessage,
  ReplicaMessage,
  TICK_PATTERN,
} from './replica-protocol';

const [redisUrl, prefix] = process.argv.slice(2);
let handledRequests = 0;
let handledEvents = 0;

function send(message: ReplicaMessage): void {
  process.send?.(message);
}

async function main(): Promise<void> {
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
    send({ type: 'report', handledRequests, handledEvents, rssMb });
  });
  // The benchmark process died without stopping us: do not linger as an orphan.
  process.on('disconnect', () => void stop());
  send({ type: 'ready' });
}

main().catch((error: unknown) => {
  const failed: ReplicaMessage = {
    type: 'failed',
    error: error instanceof Error ? error.message : String(error),
  };
  // Exit once the message is out: IPC sends are asynchronous.
  if (process.send) process.send(failed, undefined, undefined, () => process.exit(1));
  else process.exit(1);
});
