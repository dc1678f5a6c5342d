import { randomBytes, randomUUID } from 'node:crypto';
import type { Actor, ErrorPayload, MessageEnvelope } from '@vantage/contracts';
import { runWithContext } from '@vantage/observability';
import { RedisStreamsClient, TransportError } from '@vantage/transport';
import { lastValueFrom } from 'rxjs';

/** Where the reporting replicas under test listen. */
export interface TransportTarget {
  readonly redisUrl: string;
  readonly prefix: string;
}

/**
 * Talks to the reporting service as the gateway (or another service) would: each message's
 * envelope carries this organisation and an admin actor.
 */
export class OrgClient {
  readonly actor: Actor;

  constructor(
    private readonly client: RedisStreamsClient,
    readonly orgId: string = newOrgId(),
  ) {
    this.actor = { kind: 'user', id: `usr_${randomBytes(10).toString('hex')}`, roles: ['admin'] };
  }

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

  /** Publishes an event with this org in the envelope; `messageId` repeats a message exactly. */
  async emit(pattern: string, payload: unknown, messageId: string = randomUUID()): Promise<void> {
    const envelope: MessageEnvelope = {
      messageId,
      requestId: randomUUID(),
      orgId: this.orgId,
      actor: { kind: 'service', id: 'gateway', roles: [] },
      sentAt: new Date().toISOString(),
    };
    await this.client.emitWithEnvelope(pattern, payload, envelope);
  }
}

export function newOrgId(): string {
  return `org_${randomBytes(10).toString('hex')}`;
}

/** A unique address per test, so a shared maildev never mixes tests. */
export function uniqueAddress(label: string): string {
  return `${label}-${randomBytes(5).toString('hex')}@example.com`;
}

export async function connectReportingClient(target: TransportTarget): Promise<RedisStreamsClient> {
  const client = new RedisStreamsClient({
    redisUrl: target.redisUrl,
    prefix: target.prefix,
    service: 'reporting',
    requestTimeoutMs: 15_000,
  });
  await client.connect();
  return client;
}
