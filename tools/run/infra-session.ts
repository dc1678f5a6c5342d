// Redis and MongoDB for `npm start`: REDIS_URL/MONGO_URL when both are set, else tools/infra.
// Remembers whether this run started the infra, so that it stops only what it started.
import type { ServiceName } from '@vantage/contracts';
import { oneLine, redactUrl } from '../infra/src/errors';
import { infraDown, infraEnv } from '../infra/src/infra';
import { acquireInfra } from '../infra/src/infra-lease';
import { pingMongo } from '../infra/src/mongo-ping';
import { infraPaths } from '../infra/src/paths';
import {
  installServiceUsers,
  serviceRedisUrls,
  servicePasswordsIn,
  transportPrefixOf,
} from '../infra/src/redis-acl';
import { serviceAclRulesFor } from './service-acl-rules';
import { pingRedis } from '../infra/src/redis-server';
import { waitFor } from '../infra/src/wait-for';

export interface InfraSession {
  readonly redisUrl: string;
  readonly mongoUrl: string;
  /** True when this run started the servers (and so stops them on exit). */
  readonly owned: boolean;
  /** STRIPE_API_URL, SMTP_URL, MAILDEV_API_URL... of the tools/infra lease, for the apps. */
  readonly serviceEnv?: Readonly<Record<string, string>>;
  /** REDIS_URL of each app, as its own Redis user, when the Redis is tools/infra's own. */
  readonly appRedisUrls?: Readonly<Record<ServiceName, string>>;
}

const EXTERNAL_TIMEOUT_MS = 15_000;

/** `inherited`: an earlier `npm start` that died without cleaning up had started the running infra. */
export async function bringUpInfra(
  env: NodeJS.ProcessEnv,
  inherited: boolean,
  log: (message: string) => void,
): Promise<InfraSession> {
  const redisUrl = env['REDIS_URL']?.trim();
  const mongoUrl = env['MONGO_URL']?.trim();
  // Both given: tools/infra is not involved at all (and cannot disturb infra it runs for others).
  if (redisUrl && mongoUrl) {
    await Promise.all([
      reachable('REDIS_URL', redisUrl, () => pingRedis(redisUrl)),
      reachable('MONGO_URL', mongoUrl, () => pingMongo(mongoUrl)),
    ]);
    log(`using REDIS_URL ${redactUrl(redisUrl)} and MONGO_URL ${redactUrl(mongoUrl)}`);
    return { redisUrl, mongoUrl, owned: false };
  }
  const lease = await acquireInfra({ env, onProgress: (message) => log(`infra: ${message}`) });
  const { state } = lease;
  const owned = lease.owned || inherited;
  log(
    owned
      ? 'infra is up; it stops when npm start stops'
      : 'infra from `npm run infra:up` reused; it stays up after npm start stops',
  );
  const session = {
    redisUrl: state.redisUrl,
    mongoUrl: state.mongoUrl,
    owned,
    serviceEnv: infraEnv(state),
  };
  // A Redis given by REDIS_URL keeps its owner's users; the one tools/infra runs gets ours.
  if (state.redisKind !== 'redis-server') return session;
  return { ...session, appRedisUrls: await appUsers(state.redisUrl, env) };
}

/**
 * Every app runs as its own Redis user, as in production. The users are (re)installed on the
 * running server: it may predate its ACL file, or have been rendered for another TRANSPORT_PREFIX.
 */
async function appUsers(
  redisUrl: string,
  env: NodeJS.ProcessEnv,
): Promise<Record<ServiceName, string>> {
  const rules = serviceAclRulesFor(transportPrefixOf(env));
  const passwords = servicePasswordsIn(infraPaths().redisPasswordsFile, rules.keys());
  await installServiceUsers(redisUrl, rules, passwords);
  return serviceRedisUrls(redisUrl, passwords) as Record<ServiceName, string>;
}

export async function bringDownInfra(
  session: InfraSession,
  log: (message: string) => void,
): Promise<void> {
  if (!session.owned) return;
  try {
    await infraDown({ onProgress: (message) => log(`infra: ${message}`) });
  } catch (error) {
    log(`infra: could not stop it (${oneLine(error)}); run npm run infra:down`);
  }
}

async function reachable(
  variable: string,
  url: string,
  ping: () => Promise<boolean>,
): Promise<void> {
  await waitFor(ping, {
    description: `${variable} ${redactUrl(url)} does not answer`,
    timeoutMs: EXTERNAL_TIMEOUT_MS,
    intervalMs: 500,
  });
}
