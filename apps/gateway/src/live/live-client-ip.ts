import type { IncomingMessage } from 'node:http';
import proxyaddr from '@fastify/proxy-addr';
import { splitList } from '../edge/fastify-edge-options';

/**
 * The client IP of an upgrade request, believing X-Forwarded-For only from TRUSTED_PROXIES, as
 * Fastify does for HTTP requests (the same library), so /ws and the API count the same caller.
 */
export function liveClientIp(trustedProxies: string): (request: IncomingMessage) => string {
  const proxies = splitList(trustedProxies);
  if (proxies.length === 0) return (request) => request.socket.remoteAddress ?? 'unknown';
  const trust = proxyaddr.compile(proxies);
  return (request) => proxyaddr(request, trust);
}
