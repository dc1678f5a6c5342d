// Stops the Redis Cluster of a `*.cluster` run, then whatever the usual teardown stops.
import globalTeardown from './global-teardown';
import { stopTestRedisCluster } from './redis-cluster-setup';

export default async function redisClusterTeardown(): Promise<void> {
  await stopTestRedisCluster();
  await globalTeardown();
}
