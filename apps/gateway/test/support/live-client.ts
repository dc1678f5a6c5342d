import { waitUntil } from '@vantage/transport/testing';
import { register } from 'prom-client';
import { ClientOptions, WebSocket } from 'ws';
import type { Gateway } from './gateway-api';

/** A frame the gateway sent on /ws, as parsed JSON. */
export type LiveFrame = Record<string, unknown> & { readonly type: string };

export interface Closed {
  readonly code: number;
  readonly reason: string;
}

/**
 * A real `ws` client on a test gateway's /ws that records every frame and the close, so tests
 * wait for what they expect instead of sleeping.
 */
export class LiveTestClient {
  readonly frames: LiveFrame[] = [];
  closed?: Closed;
  private read = 0;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      this.frames.push(JSON.parse(data.toString('utf8')) as LiveFrame);
    });
    socket.on('close', (code: number, reason: Buffer) => {
      this.closed = { code, reason: reason.toString('utf8') };
    });
    // A refused or reset connection also closes; the error itself says nothing more.
    socket.on('error', () => undefined);
  }

  static async connect(gateway: Gateway, options: ClientOptions = {}): Promise<LiveTestClient> {
    const socket = new WebSocket(`${gateway.url.replace(/^http/, 'ws')}/ws`, options);
    const client = new LiveTestClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return client;
  }

  /** Connects and authenticates with the first-message protocol; fails unless acknowledged. */
  static async authenticated(
    gateway: Gateway,
    token: string,
    channels: readonly string[] = [],
  ): Promise<LiveTestClient> {
    const client = await LiveTestClient.connect(gateway);
    client.send({ type: 'auth', token });
    const ack = await client.next();
    if (ack['type'] !== 'ack' || ack['of'] !== 'auth') {
      throw new Error(`authentication refused: ${JSON.stringify(ack)}`);
    }
    for (const channel of channels) await client.subscribe(channel);
    return client;
  }

  send(message: unknown): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** The next frame not yet taken by `next`. */
  async next(what = 'a frame'): Promise<LiveFrame> {
    await waitUntil(() => this.frames.length > this.read || this.closed !== undefined, what);
    const frame = this.frames[this.read];
    if (!frame)
      throw new Error(`closed (${JSON.stringify(this.closed)}) while waiting for ${what}`);
    this.read += 1;
    return frame;
  }

  async subscribe(channel: string): Promise<void> {
    this.send({ type: 'subscribe', channel });
    const ack = await this.next(`the ack of subscribe ${channel}`);
    if (ack['type'] !== 'ack') throw new Error(`subscribe refused: ${JSON.stringify(ack)}`);
  }

  /** Update frames received so far for one event type. */
  updates(event?: string): LiveFrame[] {
    return this.frames.filter(
      (frame) => frame.type === 'update' && (event === undefined || frame['event'] === event),
    );
  }

  async waitForUpdate(event: string): Promise<LiveFrame> {
    await waitUntil(() => this.updates(event).length > 0, `update ${event}`);
    return this.updates(event)[0] as LiveFrame;
  }

  async waitForClose(): Promise<Closed> {
    await waitUntil(() => this.closed !== undefined, 'the connection to close');
    return this.closed as Closed;
  }

  close(): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.close();
    else this.socket.terminate();
  }
}

/**
 * The value of one series of this process's Prometheus registry (0 when absent), which every
 * gateway booted by this test file shares: tests compare before and after.
 */
export async function metricValue(
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const metric = register.getSingleMetric(name);
  if (!metric) return 0;
  const { values } = await metric.get();
  const series = values.find((value) =>
    Object.entries(labels).every(([label, wanted]) => value.labels[label] === wanted),
  );
  return series?.value ?? 0;
}
