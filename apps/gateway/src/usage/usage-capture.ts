import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { UsageRecordDto } from '@vantage/contracts';
import type { Logger } from '@vantage/observability';
import { SERVICE_LOGGER } from '@vantage/service-runtime';
import type { GatewayRequest } from '../auth/principal';
import { GatewayConfig } from '../config/gateway.config';
import { eventsIngestedBy } from './ingested-events.interceptor';
import { countryFrom, endpointOf, isRecordedRoute } from './usage-request';
import { UsageRecorder } from './usage-recorder';

/**
 * Turns authenticated API requests into usage records. A Fastify onResponse hook sees every
 * answer with its final status (guard refusals and errors included); the ingest route's own
 * interceptor (IngestedEventsInterceptor) reads its result, which the hook cannot see, and
 * leaves its count for the hook.
 */
@Injectable()
export class UsageCapture implements OnModuleInit {
  private readonly countryHeader: string;

  constructor(
    config: GatewayConfig,
    private readonly recorder: UsageRecorder,
    private readonly adapterHost: HttpAdapterHost,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {
    this.countryHeader = config.USAGE_COUNTRY_HEADER.toLowerCase();
  }

  /** Before the app listens: Fastify composes a route's hooks when it becomes ready. */
  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onResponse', (request, reply, done) => {
      try {
        this.capture(request, reply);
      } catch (error) {
        this.logger.warn({ err: error }, 'usage of a request could not be recorded');
      }
      done();
    });
  }

  private capture(request: FastifyRequest, reply: FastifyReply): void {
    const principal = (request as GatewayRequest).principal;
    const template = request.routeOptions.url;
    if (!principal || request.is404 || template === undefined || !isRecordedRoute(template)) {
      return;
    }
    const endpoint = endpointOf(request.method, template);
    const country = this.countryHeader
      ? countryFrom(request.headers[this.countryHeader])
      : undefined;
    const eventsIngested = eventsIngestedBy(request);
    const record: UsageRecordDto = {
      at: new Date().toISOString(),
      kind: 'request',
      ...(principal.kind === 'user' ? { userId: principal.userId } : {}),
      endpoint,
      status: reply.statusCode,
      ...(country ? { country } : {}),
      ...(eventsIngested !== undefined ? { eventsIngested } : {}),
    };
    this.recorder.record(principal.orgId, record);
  }
}
