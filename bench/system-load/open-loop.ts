// An open-loop HTTP load generator: requests leave at a fixed arrival rate whatever the server
// does, and each latency runs from the moment the request was *due*, not from when it was sent.
// A closed loop (autocannon, bench/support/closed-loop.ts) slows down when the server does, so a
// stalled server sends fewer slow samples and its p99 looks better than what users would see
// (coordinated omission). Here a queue anywhere — in our socket pool, the proxy or the gateway —
// shows up in the latencies.
import http from 'node:http';
import { performance } from 'node:perf_hooks';

export interface PlannedRequest {
  /** Label for the per-kind counts ("read:dashboard-stats", "ingest", "formula"). */
  readonly kind: string;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface OpenLoopOptions {
  readonly baseUrl: string;
  readonly ratePerSecond: number;
  readonly durationMs: number;
  /** The n-th request of the run (n from 0); called when it is due. */
  readonly request: (n: number) => PlannedRequest;
  /** Headers every request carries (the API key). */
  readonly headers: Readonly<Record<string, string>>;
}

export interface KindCounts {
  requests: number;
  errors: number;
  readonly latenciesMs: number[];
}

export interface OpenLoopResult {
  readonly ratePerSecond: number;
  /** Requests due during the run (all of them were sent). */
  readonly scheduled: number;
  /** 2xx answers per second of the run, counted until the last answer came. */
  readonly achievedRps: number;
  /** From the due time to the end of the answer (or to the failure), every request. */
  readonly latenciesMs: readonly number[];
  /** Non-2xx answers by status, and "network" for requests that got no answer. */
  readonly errorsByStatus: Readonly<Record<string, number>>;
  readonly errors: number;
  readonly byKind: Readonly<Record<string, KindCounts>>;
}

/** Far above the 250 ms target: only a hung request trips it, and it counts as an error. */
const REQUEST_TIMEOUT_MS = 10_000;
/** The dispatcher wakes this often and sends everything that fell due since. */
const TICK_MS = 2;
/**
 * Sockets to the gateway proxy. Enough that the pool is never what queues at the rates this
 * machine sustains (a few hundred rps at tens of ms); a request waiting for a socket still
 * counts its wait, since latency runs from the due time.
 */
const MAX_SOCKETS = 256;

/**
 * The open loop itself: calls `fire(n, dueAt)` for the n-th operation the moment it falls due at
 * `ratePerSecond` over `durationMs`, whether or not the earlier ones have settled, then waits for
 * all of them. `fire` must not reject (it records failures itself). Answers how many were due and
 * the milliseconds from the start until the last one settled.
 */
export async function fireAtRate(
  ratePerSecond: number,
  durationMs: number,
  fire: (n: number, dueAt: number) => Promise<void>,
): Promise<{ scheduled: number; elapsedMs: number }> {
  const intervalMs = 1000 / ratePerSecond;
  const total = Math.max(1, Math.floor((durationMs / 1000) * ratePerSecond));
  const inFlight = new Set<Promise<void>>();
  const start = performance.now();
  let next = 0;
  while (next < total) {
    const now = performance.now();
    while (next < total && start + next * intervalMs <= now) {
      const done = fire(next, start + next * intervalMs);
      inFlight.add(done);
      void done.finally(() => inFlight.delete(done));
      next++;
    }
    await sleep(TICK_MS);
  }
  await Promise.all(inFlight);
  return { scheduled: total, elapsedMs: performance.now() - start };
}

export async function runOpenLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS });
  const base = new URL(options.baseUrl);
  const latenciesMs: number[] = [];
  const errorsByStatus: Record<string, number> = {};
  const byKind: Record<string, KindCounts> = {};
  let errors = 0;
  let ok = 0;

  const fire = (n: number, dueAt: number): Promise<void> => {
    const planned = options.request(n);
    const counts = (byKind[planned.kind] ??= { requests: 0, errors: 0, latenciesMs: [] });
    counts.requests++;
    return send(agent, base, planned, options.headers).then((status) => {
      const latencyMs = performance.now() - dueAt;
      latenciesMs.push(latencyMs);
      counts.latenciesMs.push(latencyMs);
      if (status !== null && status >= 200 && status < 300) {
        ok++;
        return;
      }
      const key = status === null ? 'network' : String(status);
      errorsByStatus[key] = (errorsByStatus[key] ?? 0) + 1;
      counts.errors++;
      errors++;
    });
  };

  const { scheduled, elapsedMs } = await fireAtRate(
    options.ratePerSecond,
    options.durationMs,
    fire,
  );
  agent.destroy();
  return {
    ratePerSecond: options.ratePerSecond,
    scheduled,
    achievedRps: (ok * 1000) / elapsedMs,
    latenciesMs,
    errorsByStatus,
    errors,
    byKind,
  };
}

/** The status of the answer once its body has been read, or null when there was none. */
function send(
  agent: http.Agent,
  base: URL,
  planned: PlannedRequest,
  common: Readonly<Record<string, string>>,
): Promise<number | null> {
  return new Promise((resolve) => {
    const headers: Record<string, string | number> = { ...common, ...planned.headers };
    if (planned.body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(planned.body);
    }
    const request = http.request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method: planned.method,
        path: planned.path,
        headers,
        timeout: REQUEST_TIMEOUT_MS,
      },
      (response) => {
        response.on('data', () => undefined);
        response.on('end', () => resolve(response.statusCode ?? null));
        response.on('error', () => resolve(null));
      },
    );
    request.on('timeout', () => request.destroy(new Error('timed out')));
    request.on('error', () => resolve(null));
    request.end(planned.body);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
