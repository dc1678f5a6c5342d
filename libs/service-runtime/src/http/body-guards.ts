import type { FastifyInstance } from 'fastify';
import { ValidationFailedError } from '@vantage/contracts';
import { exceedsJsonDepth, MAX_JSON_DEPTH } from './json-depth';
import { type JsonStringFlaw, jsonStringFlawOf } from './json-strings';

const FLAW_MESSAGES: Record<JsonStringFlaw, string> = {
  'lone-surrogate': 'the JSON body holds a string with a lone surrogate (not Unicode)',
  nul: 'the JSON body holds a string with a NUL character (U+0000)',
};

/**
 * Request bodies are JSON documents of sane shape: plain text is not accepted (415), and a body
 * nested deeper than MAX_JSON_DEPTH is refused (400) before validators recurse into it, as is
 * one with a lone surrogate in a string (400): validators throw on it rather than refuse it,
 * and one with U+0000 in a string (400): the store cannot keep it (see jsonStringFlawOf).
 */
export function refuseUnsafeBodies(fastify: FastifyInstance): void {
  fastify.removeContentTypeParser('text/plain');
  fastify.addHook('preValidation', (request, _reply, done) => {
    if (request.body !== undefined && exceedsJsonDepth(request.body)) {
      done(new ValidationFailedError(`the JSON body nests deeper than ${MAX_JSON_DEPTH} levels`));
      return;
    }
    const flaw = request.body === undefined ? undefined : jsonStringFlawOf(request.body);
    if (flaw) {
      done(new ValidationFailedError(FLAW_MESSAGES[flaw]));
      return;
    }
    done();
  });
}
