import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { firstValueFrom } from 'rxjs';
import { SERVICE_NAMES, type ServiceName } from '@vantage/contracts';
import { renderRedisAclFile, serviceRedisUrl } from '@vantage/transport';
import type { MessageHandler } from '@nestjs/microservices';
import { RedisStreamsClient, RedisStreamsServer } from '@vantage/transport';
import { type RedisCluster, startRedisCluster } from './redis-cluster';

describe('the per-service Redis users on a Redis Cluster (the ACL file on every node)', () => {
  const prefix = `t-cluster-acl-${randomBytes(3).toString('hex')}`;
  const passwords = Object.fromEntries(
    SERVICE_NAMES.map((service) => [service, randomBytes(16).toString('hex')]),
  ) as Record<ServiceName, string>;
  let dir: string;
  let cluster: RedisCluster;
  let server: RedisStreamsServer | undefined;
  let client: RedisStreamsClient | undefined;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vantage-cluster-acl-'));
    const aclFile = path.join(dir, 'users.acl');
    fs.writeFileSync(aclFile, renderRedisAclFile({ prefix, passwords, admin: { nopass: true } }));
    cluster = await startRedisCluster({ dir, nodeArgs: ['--aclfile', aclFile] });
  }, 60_000);

  afterAll(async () => {
    await client?.close();
    await server?.close();
    await cluster?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('gives every node credentials of the service user', () => {
    const url = serviceRedisUrl(cluster.url, 'billing', passwords.billing);
    const nodes = url.split(',').map((node) => new URL(node));
    expect(nodes).toHaveLength(3);
    expect(nodes.map((node) => node.username)).toEqual(['billing', 'billing', 'billing']);
  });

  it("answers the gateway's request to billing, each as its own user", async () => {
    server = new RedisStreamsServer({
      service: 'billing',
      prefix,
      redisUrl: serviceRedisUrl(cluster.url, 'billing', passwords.billing),
    });
    const ping = (data: { n: number }) => Promise.resolve({ pong: data.n });
    server.addHandler('billing.ping', ping as unknown as MessageHandler, false, {});
    const listening = server;
    await new Promise<void>((resolve, reject) =>
      listening.listen((error?: unknown) => (error ? reject(error) : resolve())),
    );
    client = new RedisStreamsClient({
      service: 'billing',
      prefix,
      redisUrl: serviceRedisUrl(cluster.url, 'gateway', passwords.gateway),
      requestTimeoutMs: 10_000,
    });
    await client.connect();
    const answers = await Promise.all(
      [1, 2, 3].map((n) =>
        firstValueFrom(
          (client as RedisStreamsClient).send<{ pong: number }>('billing.ping', { n }),
        ),
      ),
    );
    expect(answers).toEqual([{ pong: 1 }, { pong: 2 }, { pong: 3 }]);
  });
});
