import type { FastifyServerOptions } from 'fastify';
import type { GatewayConfig } from '../config/gateway.config';

/**
 * Fastify settings of the public edge: the body limit, and whose X-Forwarded-For is believed
 * when working out the client IP (nobody's unless configured: a client could claim any address).
 */
export function fastifyEdgeOptions(config: GatewayConfig): FastifyServerOptions {
  const proxies = splitList(config.TRUSTED_PROXIES);
  return {
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: proxies.length > 0 ? proxies : false,
    // Deeply nested JSON is refused by the parser's own limits rather than walked by validators.
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
  };
}

export function splitList(value: string): string[] {
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}
