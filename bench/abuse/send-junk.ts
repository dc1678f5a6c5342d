// Sends junk requests a few at a time and counts the answers. node:http rather than fetch: a
// server may answer an oversized body with 413 and close before it is all written, and the
// answer must still be counted rather than lost in a write error.
import http from 'node:http';
import type { JunkKind, JunkRequest } from './junk-requests';

const TIMEOUT_MS = 30_000;

export interface KindTally {
  requests: number;
  bytes: number;
  /** Answers by status ("4xx" detail kept as the exact code), "none" for no answer. */
  readonly statuses: Map<string, number>;
}

export type Tally = Map<JunkKind, KindTally>;

export function newTally(): Tally {
  return new Map();
}

/** Sends `requests` with at most `concurrency` in flight; each is counted in `tally`. */
export async function sendAll(
  baseUrl: string,
  requests: readonly JunkRequest[],
  concurrency: number,
  tally: Tally,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < requests.length) {
      const request = requests[next++] as JunkRequest;
      const status = await send(baseUrl, request);
      const kind = tally.get(request.kind) ?? { requests: 0, bytes: 0, statuses: new Map() };
      kind.requests++;
      kind.bytes += request.body.length;
      kind.statuses.set(status, (kind.statuses.get(status) ?? 0) + 1);
      tally.set(request.kind, kind);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** The status code as text, or "none" when the connection ended without an answer. */
function send(baseUrl: string, request: JunkRequest): Promise<string> {
  const url = new URL(baseUrl);
  return new Promise((resolve) => {
    let settled = false;
    const settle = (status: string): void => {
      if (!settled) {
        settled = true;
        resolve(status);
      }
    };
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        method: request.method,
        path: request.path,
        headers: {
          ...request.headers,
          ...(request.chunked
            ? { 'transfer-encoding': 'chunked' }
            : { 'content-length': request.body.length }),
          connection: 'close',
        },
        agent: false,
        timeout: TIMEOUT_MS,
      },
      (res) => {
        res.resume();
        res.on('end', () => settle(String(res.statusCode ?? 0)));
        res.on('error', () => settle(String(res.statusCode ?? 0)));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    // A write cut short by an early answer is fine: the answer still arrives on the response.
    req.on('error', () => setTimeout(() => settle('none'), 200));
    req.end(request.body);
  });
}
