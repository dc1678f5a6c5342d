import {
  type CallHandler,
  type ExecutionContext,
  Inject,
  Injectable,
  type NestInterceptor,
  type OnModuleInit,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { UsageRecordDto } from '@vantage/contracts';
import type { Logger } from '@vantage/observability';
import { SERVICE_LOGGER } from '@vantage/service-runtime';
import { type Observable, tap } from 'rxjs';
import type { GatewayRequest } from '../auth/principal';
import { GatewayConfig } from '../config/gateway.config';
import {
  acceptedCountOf,
  countryFrom,
  endpointOf,
  INGEST_ENDPOINT,
  isRecordedRoute,
} from './usage-request';
import { UsageRecorder } from './usage-recorder';

/**
 * Turns authenticated API requests into usage records. A Fastify onResponse hook sees every
 * answer with its final status (guard refusals and errors included); a Nest interceptor reads
 * the ingest route's result, which the hook cannot see, and leaves its count for the hook.
 */
@Injectable()
export class UsageCapture implements OnModuleInit, NestInterceptor {
  private readonly countryHeader: string;
  private readonly ingested = new WeakMap<FastifyRequest, number>();

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

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const template = request.routeOptions.url;
    if (template === undefined || endpointOf(request.method, template) !== INGEST_ENDPOINT) {
      return next.handle();
    }
    return next.handle().pipe(
      tap((result) => {
        const accepted = acceptedCountOf(result);
        if (accepted !== undefined) this.ingested.set(request, accepted);
      }),
    );
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
    const eventsIngested = this.ingested.get(request);
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
