import Redis, { Cluster } from 'ioredis';
import { clusterNodesOf, connectRedis, isClusterUrl } from './redis-client';

describe('REDIS_URL: one server or a Redis Cluster', () => {
  it('reads one URL as one server and a comma-separated list as cluster nodes', () => {
    expect(clusterNodesOf('redis://127.0.0.1:6379')).toBeNull();
    expect(isClusterUrl('redis://u:p@h1:7000,redis://h2:7001, redis://h3:7002')).toBe(true);
    expect(clusterNodesOf('redis://h1:7000,redis://h2:7001,')?.map((node) => node.host)).toEqual([
      'h1:7000',
      'h2:7001',
    ]);
  });

  it('connects one URL as before, and a list as a Cluster logging in as the first URL says', () => {
    const single = connectRedis('redis://127.0.0.1:6399', { lazyConnect: true });
    const cluster = connectRedis('redis://billing:s%40cret@h1:7000,redis://h2:7001', {
      lazyConnect: true,
      connectionName: 'billing:test',
      enableAutoPipelining: true,
    });
    try {
      expect(single).toBeInstanceOf(Redis);
      expect(cluster).toBeInstanceOf(Cluster);
      const { options } = cluster as Cluster;
      expect(options.redisOptions).toMatchObject({
        username: 'billing',
        password: 's@cret',
        connectionName: 'billing:test',
      });
      expect(options.enableAutoPipelining).toBe(true);
      expect(options.autoPipeliningIgnoredCommands).toEqual(['xgroup', 'xinfo']);
      // A script whose key count comes with each call is never batched by a wrong slot.
      cluster.defineCommand('fixedKeys', { numberOfKeys: 1, lua: 'return 1' });
      cluster.defineCommand('variableKeys', { lua: 'return 1' });
      expect(options.autoPipeliningIgnoredCommands).toEqual(['xgroup', 'xinfo', 'variableKeys']);
    } finally {
      single.disconnect();
      cluster.disconnect();
    }
  });
});
