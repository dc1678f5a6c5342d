import { randomBytes, randomUUID } from 'node:crypto';
import { lastValueFrom } from 'rxjs';
import type { Actor, ErrorPayload } from '@vantage/contracts';
import { runWithContext } from '@vantage/observability';
import type { TestService } from '@vantage/service-runtime/testing';
import { RedisStreamsClient, TransportError } from '@vantage/transport';

/**
 * Talks to the telemetry service as the gateway would: each message carries an envelope with
 * this organisation and actor.
 */
export class OrgMessenger {
  readonly actor: Actor = {
    kind: 'user',
    id: `usr_${randomBytes(10).toString('hex')}`,
    roles: ['admin'],
  };

  constructor(
    private readonly client: RedisStreamsClient,
    readonly orgId: string = newOrgId(),
  ) {}

  send<T>(pattern: string, payload: unknown = {}): Promise<T> {
    return runWithContext({ requestId: randomUUID(), orgId: this.orgId, actor: this.actor }, () =>
      lastValueFrom(this.client.send<T>(pattern, payload), { defaultValue: undefined as T }),
    );
  }

  /** The error payload of a request expected to fail; throws if it succeeds. */
  async failure(pattern: string, payload: unknown = {}): Promise<ErrorPayload> {
    try {
      const answer = await this.send<unknown>(pattern, payload);
      throw new Error(`expected ${pattern} to fail, got ${JSON.stringify(answer)}`);
    } catch (error) {
      if (error instanceof TransportError) return error.payload;
      throw error;
    }
  }
}

export function newOrgId(): string {
  return `org_${randomBytes(10).toString('hex')}`;
}

/** A client of the telemetry service on its test transport prefix. */
export async function connectClient(service: TestService): Promise<RedisStreamsClient> {
  const client = new RedisStreamsClient({
    redisUrl: service.config.REDIS_URL,
    prefix: service.config.TRANSPORT_PREFIX,
    service: 'telemetry',
    requestTimeoutMs: 15_000,
  });
  await client.connect();
  return client;
}

/** Polls until `read` answers something `accept` takes, or fails after `timeoutMs`. */
export async function eventually<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`condition not met in ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
