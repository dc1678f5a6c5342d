// What the e2e system changes from the apps' defaults, and why: the suite must see in seconds what
// production sees in minutes, and its three weeks of history must be accepted.
export const E2E_APP_ENV: Readonly<Record<string, string>> = {
  // Three weeks of minute data are ingested; the default keeps (and accepts) 14 days.
  RETENTION_MINUTE_DAYS: '30',
  // Golden signals of 10 replicas are most of FerretDB's work on 2 cores: every report costs an
  // update per series of its hourly rollup, each ~40 ms under SQLite's single writer, so once a
  // minute kept the store's write lock busy and telemetry's own writes waited past their 15 s
  // (issue 15 moves those writes off per-point updates). Every 5 minutes still gives telemetry
  // its series; no e2e test waits for one.
  GOLDEN_SIGNALS_INTERVAL_MS: '300000',
  // Periodic jobs every second or two instead of every minute.
  ALERT_EVALUATION_INTERVAL_MS: '2000',
  ANOMALY_SCAN_INTERVAL_MS: '30000',
  HEALTH_CACHE_TTL_MS: '1000',
  USAGE_FLUSH_INTERVAL_MS: '1000',
  WEBHOOK_SWEEP_INTERVAL_MS: '1000',
  WEBHOOK_RETRY_BASE_MS: '500',
  // An SMTP outage of 30 s must be waited out, not given up on.
  MAIL_MAX_ATTEMPTS: '30',
  MAIL_RETRY_BACKOFF_MS: '500',
  MAIL_RETRY_MAX_BACKOFF_MS: '3000',
  REPORT_TICK_MS: '2000',
  REPORT_RESUME_AFTER_MS: '5000',
  REPORT_SOURCE_TIMEOUT_MS: '10000',
  ROUTE_TIMEOUTS: 'reporting=15000,telemetry=15000',
  // A free org's limit low enough that "10x the limit" is a burst this machine can send.
  RATE_LIMIT_FREE_PER_MINUTE: '600',
  RATE_LIMIT_PRO_PER_MINUTE: '60000',
  // The fuzzers present bad tokens by the thousand from a handful of addresses; the failure
  // budget itself is tested in the gateway's own tests (auth-abuse.int-spec.ts).
  AUTH_FAILURES_PER_IP: '1000000',
};
