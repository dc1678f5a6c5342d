/**
 * Probes, the metrics scrape and the API documents: open to anyone and never rate-limited, so
 * an orchestrator or a Prometheus server polling them neither needs a credential nor locks
 * itself (or its neighbours behind one NAT) out. The Ingress exposes /api, /ws and /docs only.
 */
export function isOperationalPath(url: string): boolean {
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
  const path = pathOf(url);
  return path.startsWith('/health/') || path === '/health' || path === '/metrics';
}

function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
