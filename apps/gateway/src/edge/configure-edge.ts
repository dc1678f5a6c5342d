import helmet from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ServiceRuntime } from '@vantage/service-runtime';
import type { GatewayConfig } from '../config/gateway.config';
import { createLiveWsAdapter } from '../live/live-ws-adapter';
import { splitList } from './fastify-edge-options';
import { configureOpenApi } from './openapi-document';

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
  await app.register(helmet, {
    // The API answers JSON; only /docs (Swagger UI: its own scripts, inline styles) needs more.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
    },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
    frameguard: { action: 'deny' },
    crossOriginResourcePolicy: { policy: 'same-site' },
  });
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
