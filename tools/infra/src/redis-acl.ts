// One Redis user per app for the Redis servers the tools start (local infra, e2e, npm start),
// so that dev and tests run with production's limits. No @vantage/* import here: jest's global
// setup loads tools/infra without the workspace's path aliases. The rules come from
// deploy/redis/service-acl.rules (rendered from SERVICE_REDIS_GRANTS in
// libs/transport/src/acl/service-acl.ts for TRANSPORT_PREFIX `vantage`; a test keeps it equal),
// or, from code that may import the libs, straight from the table.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Redis from 'ioredis';
import { repoRoot } from './paths';

export const SERVICE_ACL_RULES_FILE = path.join(repoRoot, 'deploy', 'redis', 'service-acl.rules');

/** Each app's ACL rules (the arguments after `user <app> on <password>`), by app name. */
export type ServiceAclRules = ReadonlyMap<string, readonly string[]>;
export type ServicePasswords = Readonly<Record<string, string>>;

/** The key namespace apps use unless TRANSPORT_PREFIX says otherwise (BaseServiceConfig). */
export function transportPrefixOf(env: NodeJS.ProcessEnv): string {
  return env['TRANSPORT_PREFIX']?.trim() || 'vantage';
}

/** Reads `<app> <rules...>` lines; a selector `( ... )` stays one rule. */
export function readServiceAclRules(file: string = SERVICE_ACL_RULES_FILE): ServiceAclRules {
  const rules = new Map<string, string[]>();
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const [app, ...rest] = splitRules(line.trim());
    if (app) rules.set(app, rest);
  }
  return rules;
}

function splitRules(line: string): string[] {
  const rules: string[] = [];
  let depth = 0;
  let current = '';
  for (const character of line) {
    if (character === ' ' && depth === 0) {
      if (current) rules.push(current);
      current = '';
      continue;
    }
    if (character === '(') depth++;
    if (character === ')') depth--;
    current += character;
  }
  if (current) rules.push(current);
  return rules;
}

export function newServicePasswords(apps: Iterable<string>): ServicePasswords {
  return Object.fromEntries([...apps].map((app) => [app, randomBytes(24).toString('hex')]));
}

/** The passwords kept in `file` (owner-only), created on first use so restarts keep them. */
export function servicePasswordsIn(file: string, apps: Iterable<string>): ServicePasswords {
  const wanted = [...apps];
  try {
    const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    if (wanted.every((app) => typeof stored[app] === 'string')) return stored as ServicePasswords;
  } catch {
    // Missing or unreadable: new ones below.
  }
  const passwords = newServicePasswords(wanted);
  fs.writeFileSync(file, JSON.stringify(passwords, null, 2), { mode: 0o600 });
  return passwords;
}

/**
 * Writes the ACL file `redis-server --aclfile` loads (owner-only): the default user (open, or
 * behind `adminPassword`), then one user per app, passwords as SHA-256 hashes.
 */
export function writeRedisAclFile(
  file: string,
  options: { rules: ServiceAclRules; passwords: ServicePasswords; adminPassword?: string },
): void {
  const admin =
    options.adminPassword === undefined ? 'nopass' : `#${sha256(options.adminPassword)}`;
  // An ACL file has no comment syntax: Redis refuses any line that is not a user.
  const lines = [`user default on ${admin} ~* &* +@all`];
  for (const [app, rules] of options.rules) {
    const password = options.passwords[app];
    if (!password) throw new Error(`no Redis password for ${app}`);
    lines.push(['user', app, 'on', `#${sha256(password)}`, ...rules].join(' '));
  }
  fs.writeFileSync(file, `${lines.join('\n')}\n`, { mode: 0o600 });
}

/** REDIS_URL of each app: `base` (redis://host:port) with the app's own user and password. */
export function serviceRedisUrls(
  base: string,
  passwords: ServicePasswords,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(passwords).map(([app, password]) => {
      const url = new URL(base);
      url.username = app;
      url.password = password;
      return [app, url.toString().replace(/\/$/, '')];
    }),
  );
}

/**
 * Creates or replaces the app users on a Redis that is already running (started before its ACL
 * file existed, or for another TRANSPORT_PREFIX), through an admin connection.
 */
export async function installServiceUsers(
  adminUrl: string,
  rules: ServiceAclRules,
  passwords: ServicePasswords,
): Promise<void> {
  const admin = new Redis(adminUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  admin.on('error', () => undefined);
  try {
    await admin.connect();
    for (const [app, appRules] of rules) {
      const password = passwords[app];
      if (!password) throw new Error(`no Redis password for ${app}`);
      await admin.call('ACL', 'SETUSER', app, 'reset', 'on', `>${password}`, ...appRules);
    }
  } finally {
    admin.disconnect();
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
