import { createConnection, createServer, type Server, type Socket } from 'node:net';

/** A reply that ends an accepted message (maildev says `250 Message queued as …`). */
const QUEUED = /^250[ -].*queued/i;

/**
 * A TCP gate in front of a real SMTP server, to make an outage at a message boundary: it
 * forwards everything, counts the messages the server accepted, and after the n-th one's reply
 * has reached the client it stops accepting connections and closes the open ones. `restore`
 * opens it again on the same port. Cutting right after a reply (rather than at a random time)
 * means the client knows the outcome of every message: "sent once" is then exact.
 */
export class SmtpGate {
  private server: Server;
  private readonly sockets = new Set<Socket>();
  private accepted = 0;
  private cutAt: number | null = null;
  private onCut: (() => void) | null = null;

  private constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
    server: Server,
  ) {
    this.server = server;
  }

  static async open(target: { host: string; port: number }, port = 0): Promise<SmtpGate> {
    const holder: { gate?: SmtpGate } = {};
    const server = createServer((client) => holder.gate?.connect(client));
    const bound = await listen(server, port);
    holder.gate = new SmtpGate(bound, target, server);
    return holder.gate;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Messages the server has accepted through the gate so far. */
  get acceptedCount(): number {
    return this.accepted;
  }

  /** Cuts once `count` more messages have been accepted; resolves when it has. */
  cutAfter(count: number): Promise<void> {
    this.cutAt = this.accepted + count;
    return new Promise((resolve) => {
      this.onCut = resolve;
    });
  }

  /** Accepts connections again, on the same port. */
  async restore(): Promise<void> {
    this.server = createServer((client) => this.connect(client));
    await listen(this.server, this.port);
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }

  private connect(client: Socket): void {
    const upstream = createConnection(this.target);
    this.sockets.add(client);
    this.sockets.add(upstream);
    let pending = '';
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk: Buffer) => {
      client.write(chunk);
      pending += chunk.toString('latin1');
      const lines = pending.split('\r\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (!QUEUED.test(line)) continue;
        this.accepted += 1;
        if (this.cutAt !== null && this.accepted >= this.cutAt) {
          this.cutAt = null;
          this.cut();
        }
      }
    });
    const drop = (): void => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  }

  private cut(): void {
    this.server.close();
    for (const socket of this.sockets) socket.end(); // flushes the reply just written
    this.sockets.clear();
    this.onCut?.();
    this.onCut = null;
  }
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}
