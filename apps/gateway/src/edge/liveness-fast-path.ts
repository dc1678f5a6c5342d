import type { FastifyInstance } from 'fastify';

const LIVENESS_PATH = '/health/live';
/** HealthController.live's answer and the Cache-Control of terminus's @HealthCheck(). */
const LIVE_BODY = Object.freeze({ status: 'ok' });
const LIVE_CACHE_CONTROL = 'no-cache, no-store, must-revalidate';

/**
 * Answers GET /health/live (relayed from the ops port: the public port refuses it in an earlier
 * hook) in Fastify's onRequest, before Nest's guards, pipes and interceptors:
 * a liveness probe says only that the process answers, and must stay cheap however often it is
 * polled. The route stays registered by HealthController (for HEAD, OpenAPI and the metrics'
 * route label), and the answer is the same; the request still gets its request id, security
 * headers, log line and histogram sample from the hooks before and after this one. Register it
 * after those onRequest hooks.
 */
export function answerLivenessEarly(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    if (request.method !== 'GET' || request.routeOptions.url !== LIVENESS_PATH) {
      done();
      return;
    }
    void reply.header('cache-control', LIVE_CACHE_CONTROL).send(LIVE_BODY);
  });
}
