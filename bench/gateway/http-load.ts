// One target under load with autocannon: a warm-up, then the measured run; the numbers the
// benchmark reports and the answers that were not 2xx (which the benchmark refuses to hide).
import autocannon from 'autocannon';
import { summarizeLatencies } from '../support/stats';

export interface LoadTarget {
  readonly name: string;
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface LoadShape {
  readonly connections: number;
  readonly warmupSeconds: number;
  readonly measureSeconds: number;
}

export interface LoadResult {
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly requests: number;
  /** Answers outside 2xx, by status ("429": 3); empty when every answer was 2xx. */
  readonly non2xxByStatus: Readonly<Record<string, number>>;
  readonly non2xx: number;
  /** Connection errors and timeouts: requests that got no answer at all. */
  readonly errors: number;
}

/** Per-request timeout: far above any sane latency here, so only a hung server trips it. */
const REQUEST_TIMEOUT_SECONDS = 10;

/** Connections open, V8 optimises the hot paths, caches (plan, credential) fill. */
export async function warmUp(target: LoadTarget, shape: LoadShape): Promise<void> {
  await fire(target, shape.connections, shape.warmupSeconds);
}

export async function measure(target: LoadTarget, shape: LoadShape): Promise<LoadResult> {
  return summarize(await fire(target, shape.connections, shape.measureSeconds));
}

interface Fired {
  readonly result: autocannon.Result;
  /** Every answer's latency in fractional ms: autocannon's own histogram keeps whole ms only. */
  readonly latenciesMs: readonly number[];
}

function fire(target: LoadTarget, connections: number, seconds: number): Promise<Fired> {
  return new Promise((resolve, reject) => {
    const latenciesMs: number[] = [];
    const instance = autocannon(
      {
        url: target.url,
        title: target.name,
        connections,
        duration: seconds,
        pipelining: 1,
        timeout: REQUEST_TIMEOUT_SECONDS,
        headers: { ...target.headers },
      },
      (error: unknown, result: autocannon.Result) => {
        if (error) reject(error instanceof Error ? error : new Error(String(error)));
        else resolve({ result, latenciesMs });
      },
    );
    // The instance re-emits each client's answers with the client first (lib/run.js).
    instance.on(
      'response',
      (_client: unknown, _status: number, _bytes: number, responseTimeMs: number) => {
        latenciesMs.push(responseTimeMs);
      },
    );
  });
}

function summarize({ result, latenciesMs }: Fired): LoadResult {
  if (latenciesMs.length === 0) throw new Error(`${result.title ?? result.url}: no answers at all`);
  const { p50Ms, p99Ms } = summarizeLatencies(latenciesMs);
  const non2xxByStatus: Record<string, number> = {};
  for (const [status, stats] of Object.entries(result.statusCodeStats ?? {})) {
    if (!status.startsWith('2')) non2xxByStatus[status] = stats.count ?? 0;
  }
  // requests.total counts answers; over the run's own duration it is the mean rate, which is
  // steadier than the per-second sample mean autocannon also reports.
  return {
    rps: result.requests.total / result.duration,
    p50Ms,
    p99Ms,
    requests: result.requests.total,
    non2xxByStatus,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}
