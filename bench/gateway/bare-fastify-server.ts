// The baseline: a plain Fastify app with one "hello" route and nothing else (no logger, no
// plugins), on the same Node as the gateway, in its own process. Started by gateway.bench.ts.
import Fastify from 'fastify';

export const HELLO_PATH = '/hello';

async function main(): Promise<void> {
  const port = Number(process.env['PORT']);
  if (!Number.isInteger(port) || port <= 0) throw new Error('PORT must be a port number');
  const app = Fastify({ logger: false });
  app.get(HELLO_PATH, async () => ({ hello: 'world' }));
  const close = (): void => {
    void app.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', close);
  process.once('SIGINT', close);
  await app.listen({ host: '127.0.0.1', port });
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
