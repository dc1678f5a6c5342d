import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import type { ServiceRuntime } from '@vantage/service-runtime';
import type { GatewayConfig } from '../config/gateway.config';
import { createLiveWsAdapter } from '../live/live-ws-adapter';
import { isProbeOrScrapePath } from '../shared/operational-paths';
import { splitList } from './fastify-edge-options';
import { answerUndeclaredMethods } from './method-not-allowed';
import { refuseNullBodies } from './null-body';
import { RequestBodyGuard } from './request-body.guard';
import { configureOpenApi } from './openapi-document';
import { MAIL_LINK_PATHS } from '../api/mail/mail-pages';
import { acceptFormBodiesOn } from './form-body';
import { keepRawBodyFor, limitBodyOf, STRIPE_WEBHOOK_PATH } from './raw-body';
import {
  installSecurityHeaders,
  SECURITY_HEADER_OPTIONS,
  securityHeadersOf,
} from './security-headers';

/** Headers a browser may send and read across origins (CORS). */
const CORS_ALLOWED_HEADERS = [
  'Authorization',
  'Content-Type',
  'X-API-Key',
  'Idempotency-Key',
  'X-Request-Id',
];
const CORS_EXPOSED_HEADERS = [
  'X-Request-Id',
  'X-RateLimit-Limit',
  'X-RateLimit-Remaining',
  'X-RateLimit-Reset',
  'Retry-After',
];

/**
 * Everything the public edge adds to a plain service before it listens: security headers, CORS,
 * OpenAPI documents and the WebSocket adapter.
 */
export async function configureEdge(
  app: NestFastifyApplication,
  runtime: ServiceRuntime<GatewayConfig>,
): Promise<void> {
  const { config } = runtime;
  const fastify = app.getHttpAdapter().getInstance();
  // Before Nest registers its routes (at listen), so the probes' routes are seen here.
  skipCorsOnProbesAndScrape(fastify);
  // After the request-id hook of the service runtime. GET /health/live never reaches these
  // hooks: the ops port answers it itself (service-runtime's OpsServer).
  installSecurityHeaders(fastify, securityHeadersOf(SECURITY_HEADER_OPTIONS));
  answerUndeclaredMethods(fastify);
  refuseNullBodies(fastify);
  // After AppModule's guards (registered when the app was created): credentials come first.
  app.useGlobalGuards(new RequestBodyGuard());
  keepRawBodyFor(fastify, [STRIPE_WEBHOOK_PATH]);
  limitBodyOf(fastify, STRIPE_WEBHOOK_PATH, config.STRIPE_WEBHOOK_BODY_LIMIT_BYTES);
  acceptFormBodiesOn(fastify, MAIL_LINK_PATHS);
  const origins = splitList(config.CORS_ORIGINS);
  app.enableCors({
    origin: origins.length > 0 ? origins : false,
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: CORS_ALLOWED_HEADERS,
    exposedHeaders: CORS_EXPOSED_HEADERS,
    maxAge: 600,
  });
  configureOpenApi(app);
  // /ws on the same HTTP server and port (LiveGateway).
  app.useWebSocketAdapter(createLiveWsAdapter(app));
}

/**
 * CORS off on /health/* and /metrics through @fastify/cors's per-route options. `origin: false`
 * rather than `cors: false`: the copy Nest's adapter loads adds `Vary: Origin` before it looks
 * at `cors: false`, but sets nothing at all for a route whose origin option is false.
 */
function skipCorsOnProbesAndScrape(fastify: FastifyInstance): void {
  fastify.addHook('onRoute', (route) => {
    if (isProbeOrScrapePath(route.url)) {
      route.config = { ...route.config, cors: { origin: false } } as typeof route.config;
    }
  });
}
