import type { RevisionedCacheOptions } from '@vantage/service-runtime';
import type { TrafficMonitorConfig } from '../config/traffic-monitor.config';

/** Organisations whose settings or RAD sets one replica keeps in memory at once. */
const CACHED_ORGS = 5_000;
/**
 * Reloaded after this long even with an unchanged revision: bounds staleness should a revision
 * write be lost (Redis restarted between a change and its bump). Not a freshness knob: every
 * change is seen at once through the revision.
 */
const SAFETY_TTL_MS = 5 * 60_000;

/**
 * Options of the per-org caches of what every dashboard request reads (the dashboard config,
 * the RAD sets, the alert rules): the revision of `kind` for an org lives at
 * `<prefix>:{tm-rev:<kind>:<orgId>}`, a key of traffic-monitor's own in its Redis ACL grant,
 * hash-tagged whole so that on Redis Cluster the orgs' revisions spread over the slots.
 */
export function orgCacheOptions(
  config: TrafficMonitorConfig,
  kind: string,
): RevisionedCacheOptions {
  return {
    revisionKey: (orgId) => `${config.TRANSPORT_PREFIX}:{tm-rev:${kind}:${orgId}}`,
    maxEntries: CACHED_ORGS,
    safetyTtlMs: SAFETY_TTL_MS,
  };
}
