import { isIP } from 'node:net';
import { Agent, request } from 'undici';
import { guardedLookup, type HostResolver, refusedAddress, systemResolver } from './guarded-lookup';

/** Names of this machine that local runs and tests use for a receiver of their own. */
export const LOCAL_RECEIVER_HOSTS: readonly string[] = ['localhost', '127.0.0.1', '::1'];

export interface OutboundHttpOptions {
  /** Bounds connecting, waiting for the answer's headers, and each pause in its body. */
  readonly timeoutMs: number;
  /** Body bytes kept from an answer; the rest is not read (the connection is dropped). */
  readonly maxResponseBytes: number;
  /** How host names are resolved; the system's resolver unless a test answers for it. */
  readonly resolve?: HostResolver;
  /** Host names allowed to lead to loopback (LOCAL_RECEIVER_HOSTS outside production). */
  readonly loopbackHosts?: Iterable<string>;
}

export interface OutboundRequest {
  readonly method: 'GET' | 'POST' | 'PUT';
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly signal?: AbortSignal;
}

export interface OutboundResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
  /** The answer was longer than maxResponseBytes; `body` holds its start. */
  readonly truncated: boolean;
}

/**
 * HTTP to URLs that users supply (webhooks): only http(s), only to public addresses checked at
 * connect time (see guarded-lookup.ts), no redirects followed (a 3xx is returned as it is),
 * every phase bounded in time and the answer bounded in size. Throws AddressRefusedError for a
 * refused destination and the network's own errors otherwise.
 */
export class OutboundHttpClient {
  private readonly agent: Agent;
  private readonly loopbackHosts: ReadonlySet<string>;

  constructor(private readonly options: OutboundHttpOptions) {
    this.loopbackHosts = new Set([...(options.loopbackHosts ?? [])].map((h) => h.toLowerCase()));
    this.agent = new Agent({
      connect: {
        timeout: options.timeoutMs,
        lookup: guardedLookup(options.resolve ?? systemResolver, {
          loopbackHosts: this.loopbackHosts,
        }),
      },
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
  }

  async request(target: string | URL, init: OutboundRequest): Promise<OutboundResponse> {
    const url = new URL(target);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new TypeError(`unsupported protocol ${url.protocol}`);
    }
    // connect() skips `lookup` for an IP literal, so a literal is judged here instead.
    const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    if (isIP(host) !== 0) {
      const refused = refusedAddress(host, [host], { loopbackHosts: this.loopbackHosts });
      if (refused) throw refused;
    }
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const response = await request(url, {
      dispatcher: this.agent,
      method: init.method,
      headers: init.headers,
      body: init.body,
      signal: init.signal ? AbortSignal.any([timeout, init.signal]) : timeout,
    });
    const { body, truncated } = await readCapped(response.body, this.options.maxResponseBytes);
    return { status: response.statusCode, headers: response.headers, body, truncated };
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

async function readCapped(
  stream: AsyncIterable<Buffer> & { destroy(): void },
  maxBytes: number,
): Promise<{ body: Buffer; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const room = maxBytes - size;
    if (chunk.length > room) {
      chunks.push(chunk.subarray(0, room));
      stream.destroy();
      return { body: Buffer.concat(chunks), truncated: true };
    }
    chunks.push(chunk);
    size += chunk.length;
  }
  return { body: Buffer.concat(chunks), truncated: false };
}
