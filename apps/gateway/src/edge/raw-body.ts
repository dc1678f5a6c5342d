import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Stripe signs the exact bytes it POSTs: its webhook route keeps them. */
export const STRIPE_WEBHOOK_PATH = '/api/v1/billing/webhooks/stripe';

export type RawBodyRequest = FastifyRequest & { rawBody?: string };

/**
 * A body limit of its own for the route at `path` (413 problem+json beyond, like the general
 * limit): Fastify reads no further, so the route's handler never holds more. Before Nest
 * registers its routes (at listen).
 */
export function limitBodyOf(fastify: FastifyInstance, path: string, bytes: number): void {
  fastify.addHook('onRoute', (route) => {
    if (route.url === path) route.bodyLimit = bytes;
  });
}

/**
 * Keeps the raw JSON body, as received, on requests to `paths` (`request.rawBody`), besides
 * parsing it as usual: Fastify's own JSON parser with the same poisoning rules still parses
 * every body, so nothing changes for other routes, and the body limit applies as before.
 */
export function keepRawBodyFor(fastify: FastifyInstance, paths: readonly string[]): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'string' },
    (request: RawBodyRequest, body, done) => {
      // parseAs 'string': Fastify hands the body over decoded (UTF-8), within the body limit.
      const text = typeof body === 'string' ? body : body.toString('utf8');
      if (paths.includes(request.routeOptions.url ?? '')) request.rawBody = text;
      // The default parser calls `done` itself (its return value is nothing to wait for).
      void parseJson(request, text, done);
    },
  );
}
