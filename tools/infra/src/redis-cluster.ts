import Redis from 'ioredis';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port';
import { isAlive, spawnDetached, stopProcess } from './processes';
import { redisServerArgs } from './redis-server';
import { waitFor } from './wait-for';

const run = promisify(execFile);
const HOST = '127.0.0.1';
/** Redis Cluster's minimum: three masters share the 16,384 slots. */
export const CLUSTER_MASTERS = 3;
const STOP_GRACE_MS = 3000;
const START_ATTEMPTS = 3;

export interface RedisClusterNode {
  readonly host: string;
  readonly port: number;
  readonly pid: number;
}

/** A running throwaway Redis Cluster: the nodes to seed a cluster client with, and its end. */
export interface RedisCluster {
  readonly nodes: readonly RedisClusterNode[];
  /** `redis://host:port` of every node, comma-separated: what a cluster-aware client is given. */
  readonly url: string;
  stop(): Promise<void>;
}

export interface RedisClusterOptions {
  /** Where the nodes keep nodes.conf and their logs; created if missing. */
  readonly dir: string;
  readonly masters?: number;
  readonly redisServer?: string;
  readonly redisCli?: string;
  readonly readyTimeoutMs?: number;
  /** Added to every node's arguments, e.g. `--aclfile <file>`: the same users on every node. */
  readonly nodeArgs?: readonly string[];
}

/**
 * The arguments of one node: loopback, nothing persisted, bounded like the single server (see
 * redisServerArgs), and an explicit bus port (the default, port + 10000, may be taken).
 */
export function clusterNodeArgs(port: number, busPort: number, configFile: string): string[] {
  return [
    '--cluster-enabled',
    'yes',
    '--cluster-config-file',
    configFile,
    '--cluster-port',
    String(busPort),
    '--cluster-node-timeout',
    '2000',
    ...redisServerArgs(port),
  ];
}

/** `redis-cli --cluster create` for the nodes, masters only, without the interactive question. */
export function clusterCreateArgs(ports: readonly number[]): string[] {
  return [
    '--cluster',
    'create',
    ...ports.map((port) => `${HOST}:${port}`),
    '--cluster-replicas',
    '0',
    '--cluster-yes',
  ];
}

/**
 * Starts `masters` redis-server nodes in cluster mode and joins them with redis-cli, for the
 * integration tests that prove the keys and scripts work when they are spread over slots.
 * Resolves once every node says `cluster_state:ok`.
 */
export async function startRedisCluster(options: RedisClusterOptions): Promise<RedisCluster> {
  const masters = options.masters ?? CLUSTER_MASTERS;
  const redisServer = options.redisServer ?? 'redis-server';
  const redisCli = options.redisCli ?? 'redis-cli';
  const readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
  fs.mkdirSync(options.dir, { recursive: true });
  const nodes: RedisClusterNode[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(nodes.map((node) => stopProcess(node.pid, STOP_GRACE_MS)));
  };
  try {
    for (let index = 0; index < masters; index++) {
      nodes.push(
        await startNode(redisServer, options.dir, index, readyTimeoutMs, options.nodeArgs ?? []),
      );
    }
    await run(redisCli, clusterCreateArgs(nodes.map((node) => node.port)), {
      timeout: readyTimeoutMs,
    });
    await waitFor(() => allNodesOk(nodes), {
      description: 'redis cluster',
      timeoutMs: readyTimeoutMs,
      abortIf: () => {
        const dead = nodes.find((node) => !isAlive(node.pid));
        return dead ? `node on port ${dead.port} exited` : null;
      },
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    nodes,
    url: nodes.map((node) => `redis://${node.host}:${node.port}`).join(','),
    stop,
  };
}

/** One node on fresh ports; a port taken between asking and binding is retried on others. */
async function startNode(
  binary: string,
  dir: string,
  index: number,
  readyTimeoutMs: number,
  nodeArgs: readonly string[],
): Promise<RedisClusterNode> {
  let lastError: unknown;
  for (let attempt = 0; attempt < START_ATTEMPTS; attempt++) {
    const port = await freePort(HOST);
    const busPort = await freePort(HOST);
    const configFile = path.join(dir, `nodes-${index}.conf`);
    fs.rmSync(configFile, { force: true });
    const server = spawnDetached(
      binary,
      [...clusterNodeArgs(port, busPort, configFile), ...nodeArgs],
      {
        cwd: dir,
        logFile: path.join(dir, `node-${index}.log`),
      },
    );
    try {
      await waitFor(() => pingNode(port), {
        description: `redis cluster node ${index}`,
        timeoutMs: readyTimeoutMs,
        abortIf: server.exitReason,
      });
      return { host: HOST, port, pid: server.pid };
    } catch (error) {
      lastError = error;
      await stopProcess(server.pid, STOP_GRACE_MS);
    }
  }
  throw lastError;
}

async function withNode<T>(port: number, use: (client: Redis) => Promise<T>): Promise<T> {
  const client = new Redis({
    host: HOST,
    port,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return await use(client);
  } finally {
    client.disconnect();
  }
}

function pingNode(port: number): Promise<boolean> {
  return withNode(port, async (client) => (await client.ping()) === 'PONG');
}

async function allNodesOk(nodes: readonly RedisClusterNode[]): Promise<boolean> {
  const states = await Promise.all(
    nodes.map((node) =>
      withNode(node.port, async (client) => String(await client.cluster('INFO'))),
    ),
  );
  return states.every((info) => /^cluster_state:ok\r?$/m.test(info));
}
