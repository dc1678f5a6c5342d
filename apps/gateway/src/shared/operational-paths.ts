import { isOpsPath } from '@vantage/service-runtime';

const API_PREFIX = '/api/';

/**
 * Probes, the metrics scrape and the API documents: never rate-limited and without credential,
 * so an orchestrator or a Prometheus server polling them does not lock itself (or its
 * neighbours behind one NAT) out. Probes and /metrics answer on the ops port only (OPS_HTTP_PORT,
 * see service-runtime's OpsServer); the Ingress exposes /api, /ws and /docs only.
 */
export function isOperationalPath(url: string): boolean {
  // Asked several times per request (guards, usage): the API's own paths answer at once.
  if (url.startsWith(API_PREFIX)) return false;
  const path = pathOf(url);
  return (
    isProbeOrScrapePath(path) ||
    path === '/docs' ||
    path.startsWith('/docs/') ||
    path.startsWith('/docs-')
  );
}

/**
 * Health probes and the metrics scrape: called by orchestrators and Prometheus, never by a
 * browser page of another origin, so they need no CORS headers (and skip the work of them).
 */
export function isProbeOrScrapePath(url: string): boolean {
  return isOpsPath(url);
}

function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
