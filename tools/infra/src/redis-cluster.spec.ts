import Redis from 'ioredis';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  clusterCreateArgs,
  clusterNodeArgs,
  type RedisCluster,
  startRedisCluster,
} from './redis-cluster';
import { isAlive } from './processes';

describe('clusterNodeArgs / clusterCreateArgs', () => {
  it('enables cluster mode on an explicit bus port, loopback only, nothing persisted', () => {
    const args = clusterNodeArgs(7001, 17555, '/tmp/n.conf');
    expect(args.join(' ')).toContain(
      '--cluster-enabled yes --cluster-config-file /tmp/n.conf --cluster-port 17555',
    );
    expect(args.join(' ')).toContain('--bind 127.0.0.1 --port 7001 --save  --appendonly no');
  });

  it('creates masters only, without the interactive confirmation', () => {
    expect(clusterCreateArgs([1, 2, 3])).toEqual([
      '--cluster',
      'create',
      '127.0.0.1:1',
      '127.0.0.1:2',
      '127.0.0.1:3',
      '--cluster-replicas',
      '0',
      '--cluster-yes',
    ]);
  });
});

describe('startRedisCluster (real redis-server nodes)', () => {
  let dir: string;
  let cluster: RedisCluster;
  let client: InstanceType<typeof Redis.Cluster>;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vantage-cluster-'));
    cluster = await startRedisCluster({ dir });
    client = new Redis.Cluster(cluster.nodes.map(({ host, port }) => ({ host, port })));
  }, 60_000);

  afterAll(async () => {
    await client?.quit();
    await cluster?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('runs three masters that share every slot', async () => {
    expect(cluster.nodes).toHaveLength(3);
    expect(cluster.url.split(',')).toHaveLength(3);
    const slots = (await client.cluster('SLOTS')) as [number, number, ...unknown[]][];
    const covered = slots.reduce((sum, [from, to]) => sum + (to - from + 1), 0);
    expect(covered).toBe(16384);
    expect(new Set(slots.map((range) => JSON.stringify(range[2]))).size).toBe(3);
  });

  it('spreads plain keys over the masters and keeps one hash tag on one slot', async () => {
    const slotOf = async (key: string): Promise<number> =>
      Number(await client.cluster('KEYSLOT', key));
    const plain = await Promise.all(['a', 'b', 'c', 'd', 'e', 'f'].map(slotOf));
    expect(new Set(plain).size).toBeGreaterThan(1);
    expect(await slotOf('{org:1}:x')).toBe(await slotOf('{org:1}:y'));
    // A script over two keys of one tag runs; over two slots the cluster refuses it.
    await expect(
      client.eval("return redis.call('MSET', KEYS[1], 1, KEYS[2], 2)", 2, '{t}:a', '{t}:b'),
    ).resolves.toBe('OK');
    await expect(
      client.eval("return redis.call('MSET', KEYS[1], 1, KEYS[2], 2)", 2, 'a', 'b'),
    ).rejects.toThrow(/CROSSSLOT/);
  });

  it('stops every node', async () => {
    const pids = cluster.nodes.map((node) => node.pid);
    await client.quit();
    await cluster.stop();
    expect(pids.filter(isAlive)).toEqual([]);
  });
});
