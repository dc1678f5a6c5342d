// A real WebSocket client on the gateway's /ws: authenticates with the first-message protocol,
// subscribes to channels and records every frame, so tests wait for what they expect.
import { waitUntil } from '@vantage/transport/testing';
import { WebSocket } from 'ws';

export type LiveFrame = Record<string, unknown> & { readonly type: string };

export class LiveClient {
  readonly frames: LiveFrame[] = [];
  closed = false;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      this.frames.push(JSON.parse(data.toString('utf8')) as LiveFrame);
    });
    socket.on('close', () => {
      this.closed = true;
    });
    socket.on('error', () => undefined);
  }

  static async connect(
    baseUrl: string,
    token: string,
    channels: readonly string[],
  ): Promise<LiveClient> {
    const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/ws`);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    const client = new LiveClient(socket);
    client.send({ type: 'auth', token });
    await client.waitFor((f) => f.type === 'ack' && f['of'] === 'auth', 'the auth ack');
    for (const channel of channels) {
      client.send({ type: 'subscribe', channel });
      await client.waitFor(
        (f) => f.type === 'ack' && f['of'] === 'subscribe' && f['channel'] === channel,
        `the ack of subscribe ${channel}`,
      );
    }
    return client;
  }

  send(message: unknown): void {
    this.socket.send(JSON.stringify(message));
  }

  /** Update frames of one event, e.g. `alert.raised`. */
  updates(event: string): LiveFrame[] {
    return this.frames.filter((frame) => frame.type === 'update' && frame['event'] === event);
  }

  async waitFor(
    predicate: (frame: LiveFrame) => boolean,
    what: string,
    timeoutMs = 15_000,
  ): Promise<LiveFrame> {
    await waitUntil(() => this.frames.some(predicate) || this.closed, what, timeoutMs);
    const frame = this.frames.find(predicate);
    if (!frame) throw new Error(`the connection closed while waiting for ${what}`);
    return frame;
  }

  close(): void {
    this.socket.close();
  }
}
