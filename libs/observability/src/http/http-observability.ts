import { AsyncResource } from 'node:async_hooks';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { register as defaultRegistry, Registry } from 'prom-client';
import { runWithContext } from '../context/request-context';
import { httpRequestDurationHistogram } from './http-metrics';
import { REQUEST_ID_HEADER, resolveRequestId } from './request-id';

/** The route label of requests that matched no route (404s, scans): one series for all of them. */
export const UNMATCHED_ROUTE = 'unmatched';

/** Status recorded when the client went away before an answer, as nginx does. */
const CLIENT_CLOSED_REQUEST = 499;

export const DEFAULT_QUIET_ROUTES: readonly string[] = [
  '/health/live',
  '/health/ready',
  '/metrics',
];

export interface HttpObservabilityOptions {
  readonly logger: Logger;
  readonly registry?: Registry;
  /**
   * Routes whose completion is logged at debug level, whatever the status: probes and scrapes
   * would drown the rest (a failing readiness check is logged by terminus already).
   */
  readonly quietRoutes?: readonly string[];
}

interface RequestState {
  readonly startedAt: bigint;
  /** Carries the request context into hooks that Fastify runs from the socket's async context. */
  readonly scope: AsyncResource;
  recorded: boolean;
}

/** One answered request, as the histogram and the completion log line see it. */
export interface HttpRequestSample {
  readonly method: string;
  /** The route template (`/alerts/:id`), or UNMATCHED_ROUTE. */
  readonly route: string;
  readonly status: number;
  readonly seconds: number;
}

/** Records a sample; call it inside the request's context, so the log line has its requestId. */
export type HttpRequestRecorder = (sample: HttpRequestSample) => void;

/**
 * The histogram sample and the completion log line of a request: installHttpObservability's
 * hooks record with it, and so does a server that answers a route without them (the ops port's
 * liveness answer).
 */
export function httpRequestRecorder(options: HttpObservabilityOptions): HttpRequestRecorder {
  const histogram = httpRequestDurationHistogram(options.registry ?? defaultRegistry);
  const quietRoutes = new Set(options.quietRoutes ?? DEFAULT_QUIET_ROUTES);
  const { logger } = options;
  return ({ method, route, status, seconds }) => {
    histogram.observe({ method, route, status: String(status) }, seconds);
    const fields = { method, route, status, duration_ms: Math.round(seconds * 1e6) / 1e3 };
    if (quietRoutes.has(route)) logger.debug(fields, 'request completed');
    else if (status >= 500) logger.warn(fields, 'request failed');
    else logger.info(fields, 'request completed');
  };
}

/**
 * Fastify hooks, so they also see 404s and errors that never reach a Nest interceptor: each request
 * gets a requestId (the caller's `x-request-id` when sane), runs inside the request context so
 * every log line carries it, and ends with one log line and one histogram sample. Returns the
 * recorder the hooks use.
 */
export function installHttpObservability(
  fastify: FastifyInstance,
  options: HttpObservabilityOptions,
): HttpRequestRecorder {
  const record = httpRequestRecorder(options);
  const states = new WeakMap<FastifyRequest, RequestState>();

  const complete = (request: FastifyRequest, status: number, elapsedMs: number): void => {
    const state = states.get(request);
    if (state?.recorded) return;
    const seconds = state
      ? Number(process.hrtime.bigint() - state.startedAt) / 1e9
      : elapsedMs / 1e3;
    const sample = { method: request.method, route: routeTemplateOf(request), status, seconds };
    if (state) {
      state.recorded = true;
      state.scope.runInAsyncScope(record, null, sample);
    } else {
      record(sample);
    }
  };

  fastify.addHook('onRequest', (request, reply, done) => {
    const requestId = resolveRequestId(request.headers[REQUEST_ID_HEADER]);
    void reply.header(REQUEST_ID_HEADER, requestId);
    runWithContext({ requestId }, () => {
      const scope = new AsyncResource('vantage.http-request');
      states.set(request, { startedAt: process.hrtime.bigint(), scope, recorded: false });
      scope.runInAsyncScope(done, request.raw);
    });
  });

  // Body parsing ends in a stream event, which runs outside the context entered in onRequest;
  // validation, guards and the handler come after it, so they re-enter the context here.
  fastify.addHook('preValidation', (request, _reply, done) => {
    const state = states.get(request);
    if (state) state.scope.runInAsyncScope(done, request.raw);
    else done();
  });

  fastify.addHook('onResponse', (request, reply, done) => {
    complete(request, reply.statusCode, reply.elapsedTime);
    done();
  });

  fastify.addHook('onRequestAbort', (request, done) => {
    complete(request, CLIENT_CLOSED_REQUEST, 0);
    done();
  });
  return record;
}

function routeTemplateOf(request: FastifyRequest): string {
  if (request.is404) return UNMATCHED_ROUTE;
  return request.routeOptions.url ?? UNMATCHED_ROUTE;
}
