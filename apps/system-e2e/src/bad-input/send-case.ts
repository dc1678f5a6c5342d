import http from 'node:http';
import type { CaseAnswer } from './problem-answer';

export interface RawRequest {
  readonly baseUrl: string;
  readonly method: string;
  /** Sent byte for byte as the request target: no URL parsing, no dot-segment removal. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer | string | undefined;
  /** The source address to connect from (a loopback alias plays another client IP). */
  readonly localAddress?: string;
  readonly timeoutMs: number;
}

export type SendOutcome =
  | ({ readonly kind: 'answer' } & CaseAnswer)
  | { readonly kind: 'no-answer'; readonly reason: string };

/** A body this large waits for an early answer (413) before it is written. */
const EARLY_ANSWER_BYTES = 1024 * 1024;
const EARLY_ANSWER_WAIT_MS = 1_000;

/**
 * Sends one request with node:http rather than fetch: fetch normalises `..` and `%2e%2e` away,
 * refuses some header values and cannot pick a source address. One connection per request
 * (`Connection: close`): a server may close a connection after refusing a malformed request,
 * and a pooled connection would make the next case fail for the previous one's sake.
 */
export function sendRaw(request: RawRequest): Promise<SendOutcome> {
  const url = new URL(request.baseUrl);
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: SendOutcome): void => {
      if (settled) return;
      settled = true;
      resolve(outcome);
    };
    const headers: Record<string, string | number> = { ...request.headers, connection: 'close' };
    if (request.body !== undefined) headers['content-length'] = Buffer.byteLength(request.body);
    const req = http.request(
      {
        host: url.hostname,
        port: url.port || 80,
        method: request.method,
        path: request.path,
        headers,
        agent: false,
        ...(request.localAddress ? { localAddress: request.localAddress } : {}),
        timeout: request.timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          settle({
            kind: 'answer',
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? ''),
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', (error) => settle({ kind: 'no-answer', reason: error.message }));
      },
    );
    req.on('timeout', () => {
      req.destroy(new Error(`no answer within ${request.timeoutMs} ms`));
    });
    req.on('error', (error) => settle({ kind: 'no-answer', reason: error.message }));
    const body = request.body;
    if (body === undefined || Buffer.byteLength(body) < EARLY_ANSWER_BYTES) {
      req.end(body);
      return;
    }
    // A server refuses a body over its limit from Content-Length alone, answers and closes: a
    // client that sent it all regardless would only see the reset. Curl waits for the early
    // answer the same way (Expect: 100-continue); the body goes out if none comes.
    req.flushHeaders();
    const timer = setTimeout(() => req.end(body), EARLY_ANSWER_WAIT_MS);
    req.once('response', () => clearTimeout(timer));
  });
}
