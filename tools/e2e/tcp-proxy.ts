// A small TCP proxy: round-robin over upstreams, skipping one that refuses the connection (the
// way a load balancer's health checks route around a dead replica), and able to refuse clients
// itself for a while (an SMTP relay that is down). The e2e system puts one in front of the two
// gateway replicas and one in front of the SMTP server.
import net from 'node:net';

export interface Upstream {
  readonly host: string;
  readonly port: number;
}

export class TcpProxy {
  private server: net.Server | null = null;
  private next = 0;
  private readonly sockets = new Set<net.Socket>();
  private port = 0;

  constructor(
    private readonly upstreams: readonly Upstream[],
    private readonly host = '127.0.0.1',
  ) {
    if (upstreams.length === 0) throw new Error('a proxy needs at least one upstream');
  }

  get url(): string {
    return `http://${this.host}:${this.port}`;
  }

  get listeningPort(): number {
    return this.port;
  }

  /** Listens on `port` (0: any free port); listening again after refuse() reuses the same port. */
  async listen(port = this.port): Promise<number> {
    const server = net.createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: this.host, port }, () => resolve());
    });
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('proxy has no port');
    this.port = address.port;
    this.server = server;
    return this.port;
  }

  /** Closes the listener and every open connection: new connections are refused until listen(). */
  async refuse(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  close(): Promise<void> {
    return this.refuse();
  }

  private accept(client: net.Socket): void {
    this.track(client);
    client.pause();
    this.connect(client, 0);
  }

  /** Tries the upstreams in turn, starting at the round-robin position, until one accepts. */
  private connect(client: net.Socket, attempt: number): void {
    if (attempt >= this.upstreams.length) {
      client.destroy();
      return;
    }
    const upstream = this.upstreams[this.next++ % this.upstreams.length] as Upstream;
    const server = net.connect({ host: upstream.host, port: upstream.port });
    this.track(server);
    let connected = false;
    server.once('connect', () => {
      connected = true;
      client.pipe(server);
      server.pipe(client);
      client.resume();
    });
    server.once('error', () => {
      if (connected) client.destroy();
      else this.connect(client, attempt + 1);
    });
    client.once('error', () => server.destroy());
    client.once('close', () => server.destroy());
    server.once('close', () => {
      if (connected) client.destroy();
    });
  }

  private track(socket: net.Socket): void {
    socket.setNoDelay(true);
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
  }
}
