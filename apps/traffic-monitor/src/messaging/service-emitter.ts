import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Actor } from '@vantage/contracts';
import { type Logger, runWithContext } from '@vantage/observability';
import { emitOnlyClient, SERVICE_LOGGER } from '@vantage/service-runtime';
import type { RedisStreamsClient } from '@vantage/transport';
import { TrafficMonitorConfig } from '../config/traffic-monitor.config';

/**
 * The one emit-only transport connection that this service's own announcements share (the /ws
 * `traffic` channel, the series feed to telemetry), closed at shutdown. Each emit runs as the
 * given service actor for the organisation, under a request id of its own.
 */
@Injectable()
export class ServiceEmitter implements OnApplicationShutdown {
  private readonly client: RedisStreamsClient;

  constructor(config: TrafficMonitorConfig, @Inject(SERVICE_LOGGER) logger: Logger) {
    this.client = emitOnlyClient(config, 'traffic-monitor', logger);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }

  /** Runs `emit` with the client in the context of `actor` acting for `orgId`. */
  emitAs<T>(
    orgId: string,
    actor: Actor,
    emit: (client: RedisStreamsClient) => Promise<T>,
  ): Promise<T> {
    return runWithContext({ requestId: randomUUID(), orgId, actor }, () => emit(this.client));
  }
}
