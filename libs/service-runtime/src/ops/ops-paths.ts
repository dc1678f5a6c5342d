/**
 * Health probes and the metrics scrape: for orchestrators and Prometheus, served on the ops
 * port (OPS_HTTP_PORT) only, never on the public one (the Ingress routes /api, /ws and /docs).
 */
export function isOpsPath(url: string): boolean {
  const path = pathOf(url);
  return path === '/metrics' || path === '/health' || path.startsWith('/health/');
}

export function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
