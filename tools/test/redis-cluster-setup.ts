// Jest global setup of the `*.cluster` runs: the usual infra (MongoDB and the rest), then a
// throwaway 3-master Redis Cluster whose node list replaces REDIS_URL, so the same specs that
// run against one Redis prove the keys, scripts and reads work when spread over slots.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type RedisCluster, startRedisCluster } from '../infra/src/redis-cluster';
import globalSetup from './global-setup';

const CLUSTER_KEY = Symbol.for('vantage.test.redisCluster');

interface ClusterHolder {
  [CLUSTER_KEY]?: { cluster: RedisCluster; dir: string };
}

export default async function redisClusterSetup(): Promise<void> {
  await globalSetup();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vantage-test-cluster-'));
  const cluster = await startRedisCluster({ dir });
  // Setup and teardown run in the same process: the cluster waits here for its end.
  (globalThis as ClusterHolder)[CLUSTER_KEY] = { cluster, dir };
  process.env['REDIS_URL'] = cluster.url;
}

export async function stopTestRedisCluster(): Promise<void> {
  const held = (globalThis as ClusterHolder)[CLUSTER_KEY];
  if (!held) return;
  delete (globalThis as ClusterHolder)[CLUSTER_KEY];
  await held.cluster.stop();
  fs.rmSync(held.dir, { recursive: true, force: true });
}
