import { firstValueFrom } from 'rxjs';
import { connectTestClient, startTestServer, testPrefix, waitUntil } from '../src/testing';

describe('a replica closed while it handles a message', () => {
  const prefix = testPrefix();

  it('finishes and answers it before letting go of Redis', async () => {
    let started = false;
    const server = await startTestServer({ service: 'slow', prefix, drainTimeoutMs: 5000 }, [
      {
        pattern: 'slow.work.1',
        handler: async (data: { n: number }) => {
          started = true;
          await new Promise((resolve) => setTimeout(resolve, 400));
          return { n: data.n, done: true };
        },
      },
    ]);
    const client = await connectTestClient({ service: 'slow', prefix, requestTimeoutMs: 5000 });
    try {
      const reply = firstValueFrom(client.send('slow.work.1', { n: 7 }));
      await waitUntil(() => started, 'the handler to start');
      const closed = server.close();

      await expect(reply).resolves.toEqual({ n: 7, done: true });
      await closed;
      expect(server.inFlight).toBe(0);
    } finally {
      await client.close();
      await server.close();
    }
  });
});
