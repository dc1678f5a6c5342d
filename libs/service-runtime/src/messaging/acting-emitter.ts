import { randomUUID } from 'node:crypto';
import type { Actor } from '@vantage/contracts';
import { type Logger, runWithContext } from '@vantage/observability';
import type { RedisStreamsClient } from '@vantage/transport';
import type { BaseServiceConfig } from '../config/base-service.config';
import { emitOnlyClient } from './emit-only-client';

/**
 * An emit-only transport connection for what a service announces by itself (live events, feeds
 * to other services): each emit runs as the given service actor for the organisation, under a
 * request id of its own, as a handled request would. The owner closes it on shutdown.
 */
export class ActingEmitter {
  private readonly client: RedisStreamsClient;

  constructor(
    config: Pick<BaseServiceConfig, 'REDIS_URL' | 'TRANSPORT_PREFIX'>,
    service: string,
    logger: Logger,
  ) {
    this.client = emitOnlyClient(config, service, logger);
  }

  /** Runs `emit` with the client in the context of `actor` acting for `orgId`. */
  emitAs<T>(
    orgId: string,
    actor: Actor,
    emit: (client: RedisStreamsClient) => Promise<T>,
  ): Promise<T> {
    return runWithContext({ requestId: randomUUID(), orgId, actor }, () => emit(this.client));
  }

  /** Runs `emit` with the client in the caller's context (a request that emits as its user). */
  emit<T>(emit: (client: RedisStreamsClient) => Promise<T>): Promise<T> {
    return emit(this.client);
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
