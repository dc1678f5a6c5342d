import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AddressRefusedError, type HostResolver } from './guarded-lookup';
import { OutboundHttpClient, type OutboundHttpOptions } from './outbound-http.client';

/** A real server on 127.0.0.1 that counts every TCP connection, whatever comes over it. */
class CountingServer {
  connections = 0;
  private constructor(
    private readonly server: Server,
    readonly requests: string[],
  ) {}

  static async start(
    answer: (request: IncomingMessage, response: ServerResponse) => void = (_, response) =>
      response.end('ok'),
  ): Promise<CountingServer> {
    const requests: string[] = [];
    const server = createServer((request, response) => {
      requests.push(`${request.method} ${request.url}`);
      answer(request, response);
    });
    const counting = new CountingServer(server, requests);
    server.on('connection', () => (counting.connections += 1));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return counting;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const answers =
  (...addresses: string[]): HostResolver =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

describe('OutboundHttpClient', () => {
  let server: CountingServer;
  const clients: OutboundHttpClient[] = [];
  const client = (options: Partial<OutboundHttpOptions> = {}): OutboundHttpClient => {
    const created = new OutboundHttpClient({ timeoutMs: 2000, maxResponseBytes: 1024, ...options });
    clients.push(created);
    return created;
  };
  const post = (target: OutboundHttpClient, url: string) =>
    target.request(url, { method: 'POST', body: '{"text":"hi"}' });

  beforeEach(async () => {
    server = await CountingServer.start();
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((created) => created.close()));
    await server.close();
  });

  it('refuses a public-looking name that resolves to loopback, before connecting', async () => {
    const outbound = client({ resolve: answers('127.0.0.1') });

    await expect(
      post(outbound, `http://hooks.slack.com:${server.port}/services/x`),
    ).rejects.toThrow(AddressRefusedError);
    expect(server.connections).toBe(0);
  });

  it('refuses a name when any of its addresses is private, even if another is public', async () => {
    const outbound = client({ resolve: answers('8.8.8.8', '10.0.0.7', '127.0.0.1') });

    await expect(
      post(outbound, `http://internal.corp.example:${server.port}/x`),
    ).rejects.toMatchObject({
      addressClass: 'private',
    });
    expect(server.connections).toBe(0);
  });

  it('refuses names resolving to IPv6 loopback, mapped and NAT64 addresses', async () => {
    for (const address of ['::1', '::ffff:127.0.0.1', '64:ff9b::7f00:1']) {
      const outbound = client({ resolve: answers(address) });
      await expect(post(outbound, `http://rebind.example:${server.port}/x`)).rejects.toThrow(
        AddressRefusedError,
      );
    }
    expect(server.connections).toBe(0);
  });

  it('refuses IP literals of special ranges, which connect() would not look up', async () => {
    const outbound = client();

    for (const host of [
      '127.0.0.1',
      '[::1]',
      '[::ffff:127.0.0.1]',
      '10.0.0.7',
      '169.254.169.254',
    ]) {
      await expect(post(outbound, `http://${host}:${server.port}/x`)).rejects.toThrow(
        AddressRefusedError,
      );
    }
    expect(server.connections).toBe(0);
  });

  it('reaches loopback only through the host names allowed to, resolved or literal', async () => {
    const outbound = client({
      resolve: answers('127.0.0.1'),
      loopbackHosts: ['localhost', '127.0.0.1'],
    });

    expect((await post(outbound, `http://127.0.0.1:${server.port}/literal`)).status).toBe(200);
    expect((await post(outbound, `http://localhost:${server.port}/named`)).status).toBe(200);
    await expect(post(outbound, `http://hooks.slack.com:${server.port}/x`)).rejects.toThrow(
      AddressRefusedError,
    );
    expect(server.requests).toEqual(['POST /literal', 'POST /named']);
  });

  it('returns a redirect as it is, without following it', async () => {
    await server.close();
    server = await CountingServer.start((_, response) => {
      response.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data' }).end();
    });
    const outbound = client({ loopbackHosts: ['127.0.0.1'] });

    const response = await post(outbound, `http://127.0.0.1:${server.port}/hook`);

    expect(response.status).toBe(302);
    expect(server.requests).toEqual(['POST /hook']);
  });

  it('keeps at most maxResponseBytes of an answer', async () => {
    await server.close();
    server = await CountingServer.start((_, response) => response.end('x'.repeat(1_000_000)));
    const outbound = client({ loopbackHosts: ['127.0.0.1'], maxResponseBytes: 100 });

    const response = await post(outbound, `http://127.0.0.1:${server.port}/big`);

    expect(response.truncated).toBe(true);
    expect(response.body.length).toBe(100);
  });

  it('gives up on a server that never answers', async () => {
    await server.close();
    server = await CountingServer.start(() => undefined);
    const outbound = client({ loopbackHosts: ['127.0.0.1'], timeoutMs: 300 });

    await expect(post(outbound, `http://127.0.0.1:${server.port}/silent`)).rejects.toThrow();
    expect(server.requests).toEqual(['POST /silent']);
  });

  it('refuses protocols other than http and https', async () => {
    await expect(client().request('file:///etc/passwd', { method: 'GET' })).rejects.toThrow(
      'unsupported protocol file:',
    );
  });
});
