// One Redis user per app for the Redis servers the tools start (local infra, e2e, npm start),
// rendered from the transport's ACL table so that dev and tests run with production's limits.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import Redis from 'ioredis';
import { SERVICE_NAMES, type ServiceName } from '@vantage/contracts';
import {
  type AdminLogin,
  renderRedisAclFile,
  serviceAclRules,
  serviceRedisUrl,
} from '@vantage/transport';

export type ServicePasswords = Readonly<Record<ServiceName, string>>;

/** The key namespace apps use unless TRANSPORT_PREFIX says otherwise (BaseServiceConfig). */
export function transportPrefixOf(env: NodeJS.ProcessEnv): string {
  return env['TRANSPORT_PREFIX']?.trim() || 'vantage';
}

export function newServicePasswords(): ServicePasswords {
  return Object.fromEntries(
    SERVICE_NAMES.map((service) => [service, randomBytes(24).toString('hex')]),
  ) as Record<ServiceName, string>;
}

/** The passwords kept in `file` (owner-only), created on first use so restarts keep them. */
export function servicePasswordsIn(file: string): ServicePasswords {
  try {
    const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<
      Record<ServiceName, string>
    >;
    if (SERVICE_NAMES.every((service) => typeof stored[service] === 'string'))
      return stored as ServicePasswords;
  } catch {
    // Missing or unreadable: new ones below.
  }
  const passwords = newServicePasswords();
  fs.writeFileSync(file, JSON.stringify(passwords, null, 2), { mode: 0o600 });
  return passwords;
}

/** Writes the ACL file `redis-server --aclfile` loads (owner-only: it holds password hashes). */
export function writeRedisAclFile(
  file: string,
  options: { prefix: string; passwords: ServicePasswords; admin: AdminLogin },
): void {
  fs.writeFileSync(file, renderRedisAclFile(options), { mode: 0o600 });
}

/** REDIS_URL of each app: `base` with the app's own user. */
export function serviceRedisUrls(
  base: string,
  passwords: ServicePasswords,
): Record<ServiceName, string> {
  return Object.fromEntries(
    SERVICE_NAMES.map((service) => [service, serviceRedisUrl(base, service, passwords[service])]),
  ) as Record<ServiceName, string>;
}

/**
 * Creates or replaces the app users on a Redis that is already running (started before its ACL
 * file existed, or for another TRANSPORT_PREFIX), through an admin connection.
 */
export async function installServiceUsers(
  adminUrl: string,
  prefix: string,
  passwords: ServicePasswords,
): Promise<void> {
  const admin = new Redis(adminUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  admin.on('error', () => undefined);
  try {
    await admin.connect();
    for (const service of SERVICE_NAMES) {
      await admin.call(
        'ACL',
        'SETUSER',
        service,
        'reset',
        'on',
        `>${passwords[service]}`,
        ...serviceAclRules(service, prefix),
      );
    }
  } finally {
    admin.disconnect();
  }
}
