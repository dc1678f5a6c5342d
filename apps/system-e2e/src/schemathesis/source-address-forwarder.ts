// A loopback TCP forwarder that connects to the gateway replicas from a source address of its own,
// so that a client which cannot pick its address (Schemathesis) spends the anonymous rate limit
// (per client IP) of that address rather than 127.0.0.1's, which the rest of the suite uses.
import net from 'node:net';

export class SourceAddressForwarder {
  private readonly sockets = new Set<net.Socket>();
  private next = 0;

  private constructor(
    private readonly server: net.Server,
    /** The forwarder's own URL: what the client is pointed at. */
    readonly url: string,
  ) {}

  /**
   * Forwards to `targets` (http://host:port, taken in turn per connection), connecting from
   * `localAddress` when every target is on loopback (elsewhere the address is not ours to pick).
   */
  static async start(
    targets: readonly string[],
    localAddress: string,
  ): Promise<SourceAddressForwarder> {
    const upstreams = targets.map((target) => new URL(target));
    if (upstreams.length === 0) throw new Error('no gateway to forward to');
    const loopback = upstreams.every((url) => /^127\.|^localhost$/.test(url.hostname));
    const server = net.createServer();
    let forwarder: SourceAddressForwarder | null = null;
    server.on('connection', (client) => {
      const upstream = upstreams[forwarder ? forwarder.next++ % upstreams.length : 0];
      if (!upstream || !forwarder) {
        client.destroy();
        return;
      }
      const remote = net.connect({
        host: upstream.hostname,
        port: Number(upstream.port || 80),
        ...(loopback ? { localAddress } : {}),
      });
      forwarder.track(client);
      forwarder.track(remote);
      client.pipe(remote).pipe(client);
      client.on('error', () => remote.destroy());
      remote.on('error', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: '127.0.0.1', port: 0 }, () => resolve());
    });
    const address = server.address() as net.AddressInfo;
    forwarder = new SourceAddressForwarder(server, `http://127.0.0.1:${address.port}`);
    return forwarder;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private track(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
  }
}
