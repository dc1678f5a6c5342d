import type { FastifyInstance } from 'fastify';
import { ValidationFailedError } from '@vantage/contracts';
import { exceedsJsonDepth, MAX_JSON_DEPTH } from './json-depth';

/**
 * Request bodies are JSON documents of sane shape: plain text is not accepted (415), and a body
 * nested deeper than MAX_JSON_DEPTH is refused (400) before validators recurse into it.
 */
export function refuseUnsafeBodies(fastify: FastifyInstance): void {
  fastify.removeContentTypeParser('text/plain');
  fastify.addHook('preValidation', (request, _reply, done) => {
    if (request.body !== undefined && exceedsJsonDepth(request.body)) {
      done(new ValidationFailedError(`the JSON body nests deeper than ${MAX_JSON_DEPTH} levels`));
      return;
    }
    done();
  });
}
