import { firstValueFrom } from 'rxjs';
import { ErrorCode } from '@vantage/contracts';
import { RedisStreamsClient, TransportError } from '../src';
import { connectTestClient, startTestServer, testPrefix } from '../src/testing';

describe('a request nobody can answer', () => {
  const prefix = testPrefix();
  let client: RedisStreamsClient;

  beforeAll(async () => {
    client = await connectTestClient({ service: 'billing', prefix, requestTimeoutMs: 400 });
  });

  afterAll(() => client.close());

  it('fails with a TIMEOUT error naming the service, once its timeout has passed', async () => {
    const started = Date.now();
    const error = await firstValueFrom(client.send('billing.invoices.list.1', {})).catch(
      (e: unknown) => e,
    );
    const elapsed = Date.now() - started;

    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).code).toBe(ErrorCode.Timeout);
    expect((error as TransportError).message).toMatch(/no reply from billing within 400 ms/);
    // It waited for its timeout, and it did not hang far beyond it.
    expect(elapsed).toBeGreaterThanOrEqual(390);
    expect(elapsed).toBeLessThan(5000);
  });

  it('is not run later by a replica that starts after the caller gave up', async () => {
    let ran = 0;
    await firstValueFrom(client.send('billing.charge.1', {})).catch(() => undefined);
    const late = await startTestServer({ service: 'billing', prefix }, [
      { pattern: 'billing.charge.1', handler: () => void (ran += 1) },
    ]);
    try {
      // The group is created at the stream's end, and an expired request would be dropped anyway.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(ran).toBe(0);
    } finally {
      await late.close();
    }
  });

  it('answers a pattern the service does not know with NOT_FOUND', async () => {
    const server = await startTestServer({ service: 'reporting', prefix }, [
      { pattern: 'reporting.known.1', handler: () => 'ok' },
    ]);
    const reporting = await connectTestClient({
      service: 'reporting',
      prefix,
      requestTimeoutMs: 5000,
    });
    try {
      const error = await firstValueFrom(reporting.send('reporting.unknown.1', {})).catch(
        (e: unknown) => e,
      );
      expect((error as TransportError).code).toBe(ErrorCode.NotFound);
    } finally {
      await reporting.close();
      await server.close();
    }
  });
});
