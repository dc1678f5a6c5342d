import { randomBytes, randomUUID } from 'node:crypto';
import { lastValueFrom } from 'rxjs';
import type { Actor, ErrorPayload, Plan, ServiceName } from '@vantage/contracts';
import { runWithContext } from '@vantage/observability';
import { RedisStreamsClient, TransportError } from '@vantage/transport';
import type { TestService } from './start-test-service';

/**
 * Talks to the service under test as the gateway would: each message carries an envelope with
 * this organisation and actor, taken from the request context the send runs in.
 */
export class OrgMessenger {
  readonly actor: Actor;

  constructor(
    private readonly client: RedisStreamsClient,
    readonly orgId: string = newOrgId(),
    actorId = `usr_${randomBytes(10).toString('hex')}`,
    /** The plan the gateway would put on the envelope; none, as a job's message has none. */
    readonly plan?: Plan,
  ) {
    this.actor = { kind: 'user', id: actorId, roles: ['admin'] };
  }

  send<T>(pattern: string, payload: unknown = {}): Promise<T> {
    const context = { requestId: randomUUID(), orgId: this.orgId, actor: this.actor };
    return runWithContext(this.plan ? { ...context, plan: this.plan } : context, () =>
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

/** A fresh organisation id, so each test's data is its own. */
export function newOrgId(): string {
  return `org_${randomBytes(10).toString('hex')}`;
}

export interface ConnectClientOptions {
  /** How long a request waits for its reply; a slow service under test needs more. */
  readonly requestTimeoutMs?: number;
}

/** A client of the named service on the test service's transport prefix, connected. */
export async function connectClient(
  service: TestService,
  name: ServiceName,
  options: ConnectClientOptions = {},
): Promise<RedisStreamsClient> {
  const client = new RedisStreamsClient({
    redisUrl: service.config.REDIS_URL,
    prefix: service.config.TRANSPORT_PREFIX,
    service: name,
    requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
  });
  await client.connect();
  return client;
}
