import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import {
  ErrorCode,
  TRAFFIC_SERIES_EXPORT_PATTERNS,
  type TrafficCataloguedReply,
  type TrafficCountsReply,
  type TrafficCountsRequest,
  UnavailableError,
} from '@vantage/contracts';
import { currentContext, type Logger, runWithContext } from '@vantage/observability';
import { SERVICE_LOGGER } from '@vantage/service-runtime';
import { RedisStreamsClient, TransportError } from '@vantage/transport';
import { lastValueFrom } from 'rxjs';
import { TelemetryConfig } from '../config/telemetry.config';

/**
 * Reads the traffic monitor's event counts over the transport (its series-export patterns), as
 * the org being served: the envelope carries the org whether or not a request is in progress
 * (a scheduled job has none). An unreachable traffic monitor is a 503, not a 500.
 */
@Injectable()
export class TrafficSeriesClient implements OnApplicationShutdown {
  private readonly client: RedisStreamsClient;

  constructor(config: TelemetryConfig, @Inject(SERVICE_LOGGER) logger: Logger) {
    this.client = new RedisStreamsClient({
      redisUrl: config.REDIS_URL,
      prefix: config.TRANSPORT_PREFIX,
      service: 'traffic-monitor',
      requestTimeoutMs: config.TRANSPORT_REQUEST_TIMEOUT_MS,
      logger,
    });
  }

  counts(orgId: string, request: TrafficCountsRequest): Promise<TrafficCountsReply> {
    return this.send(orgId, TRAFFIC_SERIES_EXPORT_PATTERNS.counts, request);
  }

  /** The event ids the traffic monitor has catalogued for the org (one keyed read there). */
  catalogued(orgId: string): Promise<TrafficCataloguedReply> {
    return this.send(orgId, TRAFFIC_SERIES_EXPORT_PATTERNS.catalogued, {});
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }

  private async send<T>(orgId: string, pattern: string, payload: unknown): Promise<T> {
    const context = currentContext();
    try {
      return await runWithContext(
        {
          requestId: context?.requestId ?? randomUUID(),
          orgId,
          actor: context?.actor ?? { kind: 'service', id: 'telemetry', roles: [] },
        },
        () => lastValueFrom(this.client.send<T>(pattern, payload)),
      );
    } catch (error) {
      if (
        error instanceof TransportError &&
        (error.code === ErrorCode.Timeout || error.code === ErrorCode.Unavailable)
      ) {
        throw new UnavailableError('the traffic monitor does not answer; retry later', 5);
      }
      throw error;
    }
  }
}
