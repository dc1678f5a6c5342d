import type { Logger } from '@vantage/observability';
import { RedisStreamsClient } from '@vantage/transport';
import type { BaseServiceConfig } from '../config/base-service.config';

/**
 * A transport client for a part of a service that only emits: an event goes to the event's own
 * stream, so `service` (whose replicas would answer requests) only names the client and is
 * never asked anything. The caller closes it on shutdown.
 */
export function emitOnlyClient(
  config: Pick<BaseServiceConfig, 'REDIS_URL' | 'TRANSPORT_PREFIX'>,
  service: string,
  logger: Logger,
): RedisStreamsClient {
  return new RedisStreamsClient({
    redisUrl: config.REDIS_URL,
    prefix: config.TRANSPORT_PREFIX,
    service,
    logger,
  });
}
