import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { ErrorCode } from '@vantage/contracts';
import { type Logger, runWithContext } from '@vantage/observability';
import { SERVICE_LOGGER } from '@vantage/service-runtime';
import { RedisStreamsClient, TransportError } from '@vantage/transport';
import { lastValueFrom } from 'rxjs';
import { ReportingConfig } from '../config/reporting.config';

/** The services the weekly report reads from. */
export type SourceService = 'billing' | 'telemetry' | 'traffic-monitor';

export type SourceAnswer<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: string; readonly refused: boolean };

/**
 * Asks another service for a report's data over the transport, as the org being reported on
 * (the envelope carries it; there is no request in progress during a scheduled run). Never
 * throws: a service that is not running, too slow (REPORT_SOURCE_TIMEOUT_MS), unable (503) or
 * that does not know the pattern yet gives a reason, and the section says it has no data.
 */
@Injectable()
export class SourceClient implements OnApplicationShutdown {
  private readonly clients = new Map<SourceService, RedisStreamsClient>();

  constructor(
    private readonly config: ReportingConfig,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {}

  async ask<T>(
    service: SourceService,
    orgId: string,
    pattern: string,
    payload: unknown,
  ): Promise<SourceAnswer<T>> {
    try {
      const value = await runWithContext(
        {
          requestId: randomUUID(),
          orgId,
          actor: { kind: 'service', id: 'reporting', roles: [] },
        },
        () => lastValueFrom(this.client(service).send<T>(pattern, payload)),
      );
      return { ok: true, value };
    } catch (error) {
      const reason = describe(error);
      this.logger.info({ service, pattern, orgId, reason }, 'report source gave no data');
      // 403: the service will not share this with the org (not a matter of waiting).
      const refused = error instanceof TransportError && error.code === ErrorCode.Forbidden;
      return { ok: false, reason, refused };
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.clients.values()].map((client) => client.close()));
  }

  private client(service: SourceService): RedisStreamsClient {
    let client = this.clients.get(service);
    if (!client) {
      client = new RedisStreamsClient({
        redisUrl: this.config.REDIS_URL,
        prefix: this.config.TRANSPORT_PREFIX,
        service,
        requestTimeoutMs: this.config.REPORT_SOURCE_TIMEOUT_MS,
        logger: this.logger,
      });
      this.clients.set(service, client);
    }
    return client;
  }
}

function describe(error: unknown): string {
  if (!(error instanceof TransportError))
    return error instanceof Error ? error.message : String(error);
  if (error.code === ErrorCode.Timeout) return 'no answer in time';
  if (error.code === ErrorCode.Unavailable) return 'unavailable';
  return `${error.code}: ${error.message}`;
}
