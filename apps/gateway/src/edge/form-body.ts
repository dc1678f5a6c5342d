import type { FastifyInstance } from 'fastify';

/**
 * Accepts `application/x-www-form-urlencoded` bodies on `paths` only: a mail client's one-click
 * unsubscribe (RFC 8058 posts `List-Unsubscribe=One-Click`) and the buttons of the pages the
 * mail links open. Every other route keeps answering 415 to a form, as before.
 */
export function acceptFormBodiesOn(fastify: FastifyInstance, paths: readonly string[]): void {
  fastify.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (request, body, done) => {
      if (!paths.includes(request.routeOptions.url ?? '')) {
        done(unsupportedMediaType(), undefined);
        return;
      }
      const text = typeof body === 'string' ? body : body.toString('utf8');
      done(null, Object.fromEntries(new URLSearchParams(text)));
    },
  );
}

/** Shaped like Fastify's own error, so it is answered as the same 415 problem. */
function unsupportedMediaType(): Error {
  return Object.assign(new Error('Unsupported Media Type: application/x-www-form-urlencoded'), {
    statusCode: 415,
    code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
  });
}
