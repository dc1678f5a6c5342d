import { createHash } from 'node:crypto';
import {
  ACCOUNT_MAIL_REQUESTED_EVENT,
  ALERT_MAIL_REQUESTED_EVENT,
  DUNNING_MAIL_REQUESTED_EVENT,
  GATEWAY_USAGE_RECORDED_EVENT,
  GOLDEN_SIGNALS_REPORTED_EVENT,
  LIVE_UPDATE_EVENT,
  PLAN_CHANGED_EVENT,
  SERVICE_NAMES,
  type ServiceName,
  TRAFFIC_SERIES_FLUSHED_EVENT,
} from '@vantage/contracts';
import { redisUrlNodes } from '../shared/redis-client';

/** Defined inside the gateway and billing apps (libs cannot import them); same strings. */
const API_KEY_REVOKED_EVENT = 'gateway.api-key.revoked';
const WEBHOOK_PROCESS_EVENT = 'billing.webhooks.process.1';

/**
 * What one service may do in Redis: the single source of truth from which every deployment's
 * ACL file is rendered (local infra, e2e, `npm start`, docker-compose, k8s). Key patterns are
 * relative to TRANSPORT_PREFIX unless said otherwise.
 */
export interface ServiceRedisGrant {
  /** Services whose command stream this one appends requests to (write-only). */
  readonly calls: readonly ServiceName[];
  /** Event patterns this service publishes (write-only on the event's stream). */
  readonly emits: readonly string[];
  /**
   * Event patterns this service consumes, by consumer group or as a broadcast reader: it may
   * read, acknowledge and trim those streams but not append to them.
   */
  readonly consumes: readonly string[];
  /** Keys only this service reads and writes, under the prefix (its state, caches, counters). */
  readonly ownKeys: readonly string[];
  /** Own keys that do not start with the prefix (kept for keys named before the ACL existed). */
  readonly ownUnprefixedKeys?: readonly string[];
  /** Pub/sub channels it may use; none today (live updates travel on an event stream). */
  readonly channels: readonly string[];
}

const EVERY_SERVICE_EMITS = [GOLDEN_SIGNALS_REPORTED_EVENT];

export const SERVICE_REDIS_GRANTS: Readonly<Record<ServiceName, ServiceRedisGrant>> = {
  gateway: {
    calls: ['traffic-monitor', 'telemetry', 'billing', 'reporting'],
    emits: [
      ...EVERY_SERVICE_EMITS,
      ACCOUNT_MAIL_REQUESTED_EVENT,
      GATEWAY_USAGE_RECORDED_EVENT,
      API_KEY_REVOKED_EVENT,
    ],
    consumes: [PLAN_CHANGED_EVENT, API_KEY_REVOKED_EVENT, LIVE_UPDATE_EVENT],
    // Rate limits, failed-login counters, WebSocket caps, token deny list (gatewayKey).
    ownKeys: ['{gw:*'],
    channels: [],
  },
  'traffic-monitor': {
    calls: [],
    emits: [
      ...EVERY_SERVICE_EMITS,
      ALERT_MAIL_REQUESTED_EVENT,
      LIVE_UPDATE_EVENT,
      TRAFFIC_SERIES_FLUSHED_EVENT,
    ],
    consumes: [],
    // Pending ingest buckets, by shard (PendingKeys); the revisions behind each replica's
    // per-org caches of settings, RAD sets and alert rules (orgCacheOptions).
    ownKeys: ['{ingest:*', '{tm-rev:*'],
    channels: [],
  },
  telemetry: {
    calls: ['traffic-monitor'],
    emits: [...EVERY_SERVICE_EMITS, LIVE_UPDATE_EVENT],
    consumes: [GOLDEN_SIGNALS_REPORTED_EVENT, TRAFFIC_SERIES_FLUSHED_EVENT],
    // Ingest idempotency records; the forecast cache predates the prefix.
    ownKeys: ['telemetry:*'],
    ownUnprefixedKeys: ['telemetry:forecast:*'],
    channels: [],
  },
  billing: {
    calls: [],
    emits: [
      ...EVERY_SERVICE_EMITS,
      PLAN_CHANGED_EVENT,
      DUNNING_MAIL_REQUESTED_EVENT,
      WEBHOOK_PROCESS_EVENT,
    ],
    consumes: [WEBHOOK_PROCESS_EVENT],
    ownKeys: [],
    channels: [],
  },
  reporting: {
    calls: ['traffic-monitor', 'telemetry', 'billing'],
    emits: [...EVERY_SERVICE_EMITS],
    consumes: [
      ACCOUNT_MAIL_REQUESTED_EVENT,
      GATEWAY_USAGE_RECORDED_EVENT,
      DUNNING_MAIL_REQUESTED_EVENT,
      ALERT_MAIL_REQUESTED_EVENT,
      PLAN_CHANGED_EVENT,
    ],
    // Run locks and mail quotas.
    ownKeys: ['{reporting:*'],
    channels: [],
  },
};

/**
 * Commands of every service user: everything a data user needs, nothing that changes or
 * reveals the server or other users (FLUSHALL, CONFIG, KEYS, DEBUG, ACL, CLIENT LIST/KILL,
 * MONITOR... are all in @dangerous), nor anything that wipes or lists what others rely on.
 * INFO is given back: ioredis runs it as its ready check.
 */
const SERVICE_COMMANDS = [
  '+@all',
  '-@dangerous',
  '-function',
  '-script|flush',
  '-script|kill',
  '-script|debug',
  '-scan',
  '-randomkey',
  '+info',
];

/**
 * What a consumer of someone else's stream needs on it (group reads, acknowledgements, claims,
 * trimming, and the idempotency scripts on its done/lock markers), and nothing that appends:
 * consuming an event must not let a service forge it.
 */
const CONSUMER_COMMANDS = [
  '-@all',
  '+xread',
  '+xreadgroup',
  '+xrange',
  '+xrevrange',
  '+xlen',
  '+xack',
  '+xclaim',
  '+xautoclaim',
  '+xpending',
  '+xinfo',
  '+xgroup|create',
  '+xgroup|createconsumer',
  '+xgroup|delconsumer',
  '+xdel',
  '+xtrim',
  '+exists',
  '+get',
  '+set',
  '+del',
  '+pexpire',
  '+pttl',
  '+eval',
  '+evalsha',
  '+multi',
  '+exec',
];

/** Escapes what a Redis ACL glob would read as a wildcard. */
function literal(text: string): string {
  return text.replace(/[*?[\]\\]/g, (character) => `\\${character}`);
}

/** The ACL rules (after `user <name> on <password>`) of one service, for keys under `prefix`. */
export function serviceAclRules(service: ServiceName, prefix: string): string[] {
  const grant = SERVICE_REDIS_GRANTS[service];
  const p = literal(prefix);
  const own = literal(service);
  const rules = [
    'resetkeys',
    'resetchannels',
    // Its command stream with its done/lock markers, its dead letters, its reply streams.
    `~${p}:{cmd:${own}}*`,
    `~${p}:{dlq:${own}}`,
    `~${p}:{reply:${own}:*`,
    // Replies go to whichever caller asked: writing any reply stream, reading none of theirs.
    `%W~${p}:{reply:*`,
    // Locks (RedisLocks) and job claims (JobScheduler).
    `~${p}:lock:${own}:*`,
    `~${p}:{job:${own}:*`,
    ...grant.ownKeys.map((pattern) => `~${p}:${pattern}`),
    ...(grant.ownUnprefixedKeys ?? []).map((pattern) => `~${pattern}`),
    ...grant.calls.map((target) => `%W~${p}:{cmd:${literal(target)}}`),
    ...grant.emits.map((pattern) => `%W~${p}:{evt:${literal(pattern)}}`),
    ...grant.channels.map((channel) => `&${literal(channel)}`),
    ...SERVICE_COMMANDS,
    ...(grant.channels.length === 0 ? ['-@pubsub'] : []),
  ];
  for (const pattern of grant.consumes) {
    const stream = `${p}:{evt:${literal(pattern)}}`;
    const markers = [`${stream}:done:${own}:*`, `${stream}:lock:${own}:*`];
    rules.push(
      `(~${stream} ${markers.map((m) => `~${m}`).join(' ')} ${CONSUMER_COMMANDS.join(' ')})`,
    );
  }
  return rules;
}

/**
 * One line per service, `<service> <rules...>`, without passwords: what a deployment that
 * creates the users itself (docker-compose's Redis entrypoint) combines with its passwords.
 */
export function renderServiceAclRules(prefix: string): string {
  return SERVICE_NAMES.map((service) => [service, ...serviceAclRules(service, prefix)].join(' '))
    .join('\n')
    .concat('\n');
}

/** How the `default` user (tools, tests, operators) logs in: no password, a password, or never. */
export type AdminLogin = { readonly nopass: true } | { readonly password: string } | 'off';

export interface RedisAclFileOptions {
  /** TRANSPORT_PREFIX of the deployment. */
  readonly prefix: string;
  /** Password of each service's user. */
  readonly passwords: Readonly<Record<ServiceName, string>>;
  readonly admin: AdminLogin;
}

/**
 * An ACL file for `redis-server --aclfile`: the default user as admin, then one user per
 * service named after it. Passwords are stored as SHA-256 hashes (`#...`), never in clear.
 */
export function renderRedisAclFile(options: RedisAclFileOptions): string {
  // An ACL file has no comment syntax: Redis refuses any line that is not a user.
  const lines = [`user default ${adminLogin(options.admin)}`];
  for (const service of SERVICE_NAMES) {
    const password = options.passwords[service];
    if (!password) throw new Error(`no Redis password for ${service}`);
    lines.push(
      [
        'user',
        service,
        'on',
        `#${sha256(password)}`,
        ...serviceAclRules(service, options.prefix),
      ].join(' '),
    );
  }
  return `${lines.join('\n')}\n`;
}

function adminLogin(admin: AdminLogin): string {
  if (admin === 'off') return 'off resetkeys resetchannels -@all';
  const login = 'nopass' in admin ? 'nopass' : `#${sha256(admin.password)}`;
  return `on ${login} ~* &* +@all`;
}

/** REDIS_URL of one service: `base` (redis://host:port) with the service's user and password. */
export function serviceRedisUrl(base: string, service: ServiceName, password: string): string {
  // A cluster's node list: the same user on every node.
  return redisUrlNodes(base)
    .map((node) => {
      const url = new URL(node);
      url.username = service;
      url.password = password;
      return url.toString().replace(/\/$/, '');
    })
    .join(',');
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
