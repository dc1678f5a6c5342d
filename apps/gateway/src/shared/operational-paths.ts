/**
 * Probes, the metrics scrape and the API documents: open to anyone and never rate-limited, so
 * an orchestrator or a Prometheus server polling them neither needs a credential nor locks
 * itself (or its neighbours behind one NAT) out. The Ingress exposes /api, /ws and /docs only.
 */
export function isOperationalPath(url: string): boolean {
  const path = url.split('?')[0] ?? '';
  return (
    path.startsWith('/health/') ||
    path === '/health' ||
    path === '/metrics' ||
    path === '/docs' ||
    path.startsWith('/docs/') ||
    path.startsWith('/docs-')
  );
}
