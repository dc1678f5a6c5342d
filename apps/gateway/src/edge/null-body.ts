import { ValidationFailedError } from '@vantage/contracts';
import type { FastifyInstance } from 'fastify';

/**
 * A JSON body of `null` is refused (400) before validation: Nest's validation pipe reads a
 * missing body as {}, and would take `null` for "change nothing" on a PATCH or "all defaults"
 * on a query, where every route documents an object.
 */
export function refuseNullBodies(fastify: FastifyInstance): void {
  fastify.addHook('preValidation', async (request) => {
    if (request.body === null)
      throw new ValidationFailedError('the body must be a JSON object or array, not null');
  });
}
