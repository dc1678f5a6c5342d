/**
 * Patterns of @vantage/contracts the benches send to the traffic monitor, written out: tsx
 * cannot load the contracts' decorated classes (no decorator metadata). A rename there makes a
 * benchmark fail loudly (no handler answers), not measure something else.
 */
export const TRAFFIC_INGEST_PATTERN = 'traffic-monitor.events.ingest.1';
export const TRAFFIC_BUCKETS_FLUSH_PATTERN = 'traffic-monitor.buckets.flush.1';
export const DASHBOARD_STATS_PATTERN = 'traffic-monitor.dashboard.stats.1';
