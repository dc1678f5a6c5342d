import type { FastifyInstance } from 'fastify';
import { LIVENESS_BODY, LIVENESS_CACHE_CONTROL, LIVENESS_PATH } from '@vantage/service-runtime';

/**
 * Answers GET /health/live in Fastify's onRequest, before Nest's guards, pipes and interceptors,
 * when it reaches the app: the ops port answers probes itself (OpsServer), so this covers
 * in-process injections; the public port refuses the path in an earlier hook.
 * a liveness probe says only that the process answers, and must stay cheap however often it is
 * polled. The route stays registered by HealthController (for HEAD, OpenAPI and the metrics'
 * route label), and the answer is the same; the request still gets its request id, security
 * headers, log line and histogram sample from the hooks before and after this one. Register it
 * after those onRequest hooks.
 */
export function answerLivenessEarly(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    // The URL first: routeOptions builds a new object on every read, and this runs on every request.
    if (
      request.method !== 'GET' ||
      !request.url.startsWith(LIVENESS_PATH) ||
      request.routeOptions.url !== LIVENESS_PATH
    ) {
      done();
      return;
    }
    void reply.header('cache-control', LIVENESS_CACHE_CONTROL).send(LIVENESS_BODY);
  });
}
