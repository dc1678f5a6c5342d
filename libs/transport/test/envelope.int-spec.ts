import { firstValueFrom } from 'rxjs';
import { MessageEnvelope } from '@vantage/contracts';
import { createLogger, currentContext, runWithContext } from '@vantage/observability';
import { captureLogs } from '@vantage/observability/testing';
import { RedisStreamsClient, RedisStreamsContext, RedisStreamsServer } from '../src';
import { connectTestClient, startTestServer, testPrefix, waitUntil } from '../src/testing';

describe('the message envelope', () => {
  const prefix = testPrefix();
  const logs = captureLogs();
  const logger = createLogger({
    service: 'telemetry',
    level: 'debug',
    destination: logs.destination,
  });
  const received: MessageEnvelope[] = [];
  let server: RedisStreamsServer;
  let client: RedisStreamsClient;

  beforeAll(async () => {
    server = await startTestServer({ service: 'telemetry', prefix, logger }, [
      {
        pattern: 'telemetry.samples.ingest.1',
        handler: (_data: never, context: RedisStreamsContext) => {
          received.push(context.getEnvelope());
          logger.info({ samples: 3 }, 'samples stored');
          return { stored: 3, orgSeenByHandler: currentContext()?.orgId };
        },
      },
    ]);
    client = await connectTestClient({ service: 'telemetry', prefix, logger });
  });

  afterAll(async () => {
    await client.close();
    await server.close();
  });

  it('carries requestId, orgId and actor from the sender to the handler and its logs', async () => {
    const actor = { kind: 'api-key' as const, id: 'key_42', roles: ['ingest'] };
    const reply = await runWithContext({ requestId: 'req-7f3a', orgId: 'org_acme', actor }, () =>
      firstValueFrom(client.send('telemetry.samples.ingest.1', { samples: [] })),
    );

    expect(reply).toEqual({ stored: 3, orgSeenByHandler: 'org_acme' });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ requestId: 'req-7f3a', orgId: 'org_acme', actor });
    expect(received[0]?.messageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(received[0]?.sentAt ?? '')).not.toBeNaN();

    const handlerLine = logs.find((line) => line.msg === 'samples stored');
    expect(handlerLine).toMatchObject({
      service: 'telemetry',
      requestId: 'req-7f3a',
      orgId: 'org_acme',
      actorId: 'key_42',
      messageId: received[0]?.messageId,
    });
    // The transport logs the handling once it has acknowledged it, just after replying.
    await waitUntil(() => logs.find((line) => line.msg === 'message handled') !== undefined, 'log');
    const transportLine = logs.find((line) => line.msg === 'message handled');
    expect(transportLine).toMatchObject({
      requestId: 'req-7f3a',
      orgId: 'org_acme',
      pattern: 'telemetry.samples.ingest.1',
      outcome: 'ok',
    });
  });

  it('gives a message sent outside any request a fresh requestId of its own', async () => {
    await firstValueFrom(client.send('telemetry.samples.ingest.1', {}));
    const last = received[received.length - 1];
    expect(last?.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(last?.orgId).toBeUndefined();
  });
});
