import Redis, { Cluster, type ClusterOptions, type RedisOptions } from 'ioredis';

/**
 * What code that holds a Redis connection may be given: one server, or a Redis Cluster. Both
 * speak the same commands; on a cluster every command and script must touch keys of one slot,
 * which the hash tags of stream-keys.ts and service-keys.ts ensure.
 */
export type RedisClient = Redis | Cluster;

/**
 * `REDIS_URL` names a cluster when it lists several nodes, comma-separated:
 * `redis://user:pass@h1:7000,redis://h2:7001,redis://h3:7002`. The nodes are only where the
 * client starts; it learns every master from them. User, password, database and `rediss:` are
 * taken from the first URL and used on every node (each node must have the same ACL users).
 */
export function clusterNodesOf(url: string): URL[] | null {
  const parts = redisUrlNodes(url);
  if (parts.length < 2) return null;
  return parts.map((part) => new URL(part));
}

/** The URLs `REDIS_URL` lists, as written: one for a server, a cluster's nodes (see above). */
export function redisUrlNodes(url: string): string[] {
  return url
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** Whether `url` names a Redis Cluster (see clusterNodesOf). */
export function isClusterUrl(url: string): boolean {
  return clusterNodesOf(url) !== null;
}

/**
 * A connection to `url` with `options`: exactly `new Redis(url, options)` for one server; for a
 * cluster, a `Cluster` whose nodes are connected with the same options (and the first URL's
 * credentials), and whose own settings (offline queue, auto-pipelining, retries) follow them.
 */
export function connectRedis(url: string, options: RedisOptions = {}): RedisClient {
  const nodes = clusterNodesOf(url);
  if (!nodes) return new Redis(url, options);
  return unbatchScriptsOfVariableKeys(
    new Cluster(
      nodes.map((node) => ({ host: node.hostname, port: Number(node.port || 6379) })),
      clusterOptionsOf(nodes[0] as URL, options),
    ),
  );
}

/**
 * A script defined without `numberOfKeys` takes its key count as first argument, and ioredis'
 * auto-pipelining reads that count as the key: the batch goes to the node of the count's slot,
 * which refuses the whole batch ("All keys in the pipeline should belong to the same slots
 * allocation group"). On a cluster such scripts are sent unbatched, routed by their real keys.
 */
function unbatchScriptsOfVariableKeys(cluster: Cluster): Cluster {
  const define = cluster.defineCommand.bind(cluster);
  cluster.defineCommand = (name, definition) => {
    if (definition.numberOfKeys === undefined) {
      cluster.options.autoPipeliningIgnoredCommands?.push(name);
    }
    define(name, definition);
  };
  return cluster;
}

/**
 * Commands whose key ioredis cannot find (its command table lists none for them): batched by
 * slot, they would be grouped by their subcommand's slot and sent to a node that answers MOVED,
 * which a batch does not follow. Sent alone they are redirected like any command.
 */
const KEYLESS_TO_IOREDIS = ['xgroup', 'xinfo'];

function clusterOptionsOf(first: URL, options: RedisOptions): ClusterOptions {
  const { retryStrategy, ...rest } = options;
  const { cluster, node } = splitClusterOptions(rest);
  const username = decodeURIComponent(first.username);
  const password = decodeURIComponent(first.password);
  const redisOptions: RedisOptions = {
    ...(username ? { username } : {}),
    ...(password ? { password } : {}),
    ...(first.protocol === 'rediss:' ? { tls: {} } : {}),
    ...node,
  };
  return {
    redisOptions,
    autoPipeliningIgnoredCommands: [...KEYLESS_TO_IOREDIS],
    // The cluster reconnects as a whole: the single-server retry policy carries over.
    ...(retryStrategy ? { clusterRetryStrategy: (times: number) => retryStrategy(times) } : {}),
    ...cluster,
  };
}

/**
 * A second connection like `connection`, with `overrides` (e.g. a blocking reader's name). A
 * cluster's copy opens its own connections to every node.
 */
export function duplicateClient(connection: RedisClient, overrides: RedisOptions): RedisClient {
  if (!(connection instanceof Cluster)) return connection.duplicate(overrides);
  const { cluster, node } = splitClusterOptions(overrides);
  return connection.duplicate([], {
    redisOptions: { ...connection.options.redisOptions, ...node },
    ...cluster,
  });
}

/** A Cluster keeps these settings for itself (its queue, batching, start); the rest go to nodes. */
function splitClusterOptions(options: RedisOptions): {
  cluster: ClusterOptions;
  node: RedisOptions;
} {
  const { enableAutoPipelining, enableOfflineQueue, lazyConnect, ...node } = options;
  return {
    cluster: {
      ...(enableOfflineQueue === undefined ? {} : { enableOfflineQueue }),
      ...(enableAutoPipelining === undefined ? {} : { enableAutoPipelining }),
      ...(lazyConnect === undefined ? {} : { lazyConnect }),
    },
    node,
  };
}

/**
 * The masters of `client`: the client itself for one server. Commands that are not about one
 * key (KEYS, SCAN, FLUSHDB, INFO) must be sent to each of them on a cluster.
 */
export function mastersOf(client: RedisClient): Redis[] {
  return client instanceof Cluster ? client.nodes('master') : [client];
}
