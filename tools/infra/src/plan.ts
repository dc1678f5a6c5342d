import fs from 'node:fs';
import { InfraError } from './errors';
import { GO_MISSING_MESSAGE } from './ferretdb';
import { MAILDEV_MISSING_MESSAGE } from './maildev';
import { MONGOD_PROGRAM } from './mongod';
import type { InfraPaths } from './paths';
import { DEFAULT_REDIS_MAXMEMORY, REDIS_PROGRAM } from './redis-server';
import { STRIPE_MOCK_MISSING_MESSAGE } from './stripe-mock';
import { findOnPath } from './which';

export type RedisPlan =
  { kind: 'external'; url: string } | { kind: 'redis-server'; binary: string; maxmemory: string };

export type MongoPlan =
  | { kind: 'external'; url: string }
  | { kind: 'mongod'; binary: string }
  /** `go` is null when only a previously built launcher is available. */
  | { kind: 'ferretdb'; go: string | null };

export type StripePlan =
  | { kind: 'external'; url: string }
  /** `go` is null when only a previously installed stripe-mock is available. */
  | { kind: 'stripe-mock'; go: string | null };

export type MailPlan =
  /** MAILDEV_API_URL is optional with an external SMTP_URL: a real relay has no inbox API. */
  { kind: 'external'; smtpUrl: string; apiUrl: string | null } | { kind: 'maildev'; entry: string };

export const REDIS_MISSING_MESSAGE =
  'redis-server not found: install it (apt-get install redis-server) or set REDIS_URL';

/** redis.conf's memory units, as `maxmemory` takes them: 536870912, 512mb, 2gb... */
const REDIS_MEMORY = /^[1-9]\d*(?:[kmg]?b|[kmg])?$/i;

/** REDIS_URL wins, so developers and CI can point at a shared Redis without changing code. */
export function planRedis(env: NodeJS.ProcessEnv): RedisPlan {
  const url = nonEmpty(env['REDIS_URL']);
  if (url !== null) return { kind: 'external', url };
  const binary = findOnPath(REDIS_PROGRAM, env['PATH']);
  if (binary === null) throw new InfraError(REDIS_MISSING_MESSAGE);
  const maxmemory = nonEmpty(env['REDIS_MAXMEMORY']) ?? DEFAULT_REDIS_MAXMEMORY;
  if (!REDIS_MEMORY.test(maxmemory)) {
    throw new InfraError(
      `REDIS_MAXMEMORY must be a Redis memory size such as 512mb or 2gb, not "${maxmemory}"`,
    );
  }
  return { kind: 'redis-server', binary, maxmemory };
}

/** Preference order from ARCHITECTURE.md: MONGO_URL, then a real mongod, then FerretDB built from source. */
export function planMongo(env: NodeJS.ProcessEnv, paths: InfraPaths): MongoPlan {
  const url = nonEmpty(env['MONGO_URL']);
  if (url !== null) return { kind: 'external', url };
  const mongod = findOnPath(MONGOD_PROGRAM, env['PATH']);
  if (mongod !== null) return { kind: 'mongod', binary: mongod };
  const go = findOnPath('go', env['PATH']);
  if (go === null && !fs.existsSync(paths.ferretdbBinary)) throw new InfraError(GO_MISSING_MESSAGE);
  return { kind: 'ferretdb', go };
}

/** STRIPE_API_URL wins (e.g. a stripe-mock from docker-compose); else stripe-mock installed with go. */
export function planStripe(env: NodeJS.ProcessEnv, paths: InfraPaths): StripePlan {
  const url = nonEmpty(env['STRIPE_API_URL']);
  if (url !== null) return { kind: 'external', url };
  const go = findOnPath('go', env['PATH']);
  if (go === null && !fs.existsSync(paths.stripeMockBinary))
    throw new InfraError(STRIPE_MOCK_MISSING_MESSAGE);
  return { kind: 'stripe-mock', go };
}

/** SMTP_URL wins (any relay, with MAILDEV_API_URL if it is a maildev); else maildev from node_modules. */
export function planMail(env: NodeJS.ProcessEnv, paths: InfraPaths): MailPlan {
  const smtpUrl = nonEmpty(env['SMTP_URL']);
  if (smtpUrl !== null)
    return { kind: 'external', smtpUrl, apiUrl: nonEmpty(env['MAILDEV_API_URL']) };
  if (!fs.existsSync(paths.maildevEntry)) throw new InfraError(MAILDEV_MISSING_MESSAGE);
  return { kind: 'maildev', entry: paths.maildevEntry };
}

function nonEmpty(value: string | undefined): string | null {
  return value === undefined || value.trim() === '' ? null : value.trim();
}
