import fs from 'node:fs';
import { InfraError } from './errors';
import { GO_MISSING_MESSAGE } from './ferretdb';
import { MAILDEV_MISSING_MESSAGE } from './maildev';
import { MONGOD_PROGRAM } from './mongod';
import type { InfraPaths } from './paths';
import { findPostgresBinDir, localPostgresRunAs, POSTGRES_MISSING_MESSAGE } from './postgres';
import type { RunAs } from './processes';
import { DEFAULT_REDIS_MAXMEMORY, REDIS_PROGRAM } from './redis-server';
import { STRIPE_MOCK_MISSING_MESSAGE } from './stripe-mock';
import { findOnPath } from './which';

export type RedisPlan =
  { kind: 'external'; url: string } | { kind: 'redis-server'; binary: string; maxmemory: string };

export type MongoPlan =
  | { kind: 'external'; url: string }
  | { kind: 'mongod'; binary: string }
  /** `go` is null when only a previously built launcher is available. */
  | { kind: 'ferretdb'; go: string | null; store: StorePlan };

/** FerretDB's storage: PostgreSQL by default (docs/store.md says why), SQLite on request or as fallback. */
export type StoreBackend = 'postgresql' | 'sqlite';

export type StorePlan =
  | {
      backend: 'postgresql';
      /** Holds initdb, postgres and pg_isready. */
      binDir: string;
      /** The account to run postgres as; null: as ourselves. */
      runAs: RunAs | null;
      /** Set by VANTAGE_STORE_BACKEND rather than by default. */
      explicit: boolean;
    }
  | {
      backend: 'sqlite';
      explicit: boolean;
      /** Why the default (PostgreSQL) could not be used, for the progress log. */
      fallbackReason?: string;
    };

export const STORE_BACKENDS: readonly StoreBackend[] = ['postgresql', 'sqlite'];

/** How planMongo finds PostgreSQL; tests pass their own. */
export interface PostgresProbe {
  binDir(searchPath: string | undefined): string | null;
  /** May throw an InfraError when postgres cannot be run here (root without a postgres account). */
  runAs(): RunAs | null;
}

const LOCAL_POSTGRES: PostgresProbe = { binDir: findPostgresBinDir, runAs: localPostgresRunAs };

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
export function planMongo(
  env: NodeJS.ProcessEnv,
  paths: InfraPaths,
  postgres: PostgresProbe = LOCAL_POSTGRES,
): MongoPlan {
  const url = nonEmpty(env['MONGO_URL']);
  if (url !== null) return { kind: 'external', url };
  const mongod = findOnPath(MONGOD_PROGRAM, env['PATH']);
  if (mongod !== null) return { kind: 'mongod', binary: mongod };
  const go = findOnPath('go', env['PATH']);
  if (go === null && !fs.existsSync(paths.ferretdbBinary)) throw new InfraError(GO_MISSING_MESSAGE);
  return { kind: 'ferretdb', go, store: planStore(env, postgres) };
}

/**
 * VANTAGE_STORE_BACKEND=postgresql|sqlite picks FerretDB's backend; unset means PostgreSQL when
 * it is installed and can run here, else SQLite (with the reason, so the slower store is no surprise).
 * Asking for postgresql explicitly without it installed is an error, not a silent fallback.
 */
export function planStore(env: NodeJS.ProcessEnv, postgres: PostgresProbe): StorePlan {
  const asked = nonEmpty(env['VANTAGE_STORE_BACKEND'])?.toLowerCase() ?? null;
  const backend = STORE_BACKENDS.find((candidate) => candidate === asked);
  if (asked !== null && backend === undefined) {
    throw new InfraError(
      `VANTAGE_STORE_BACKEND must be ${STORE_BACKENDS.join(' or ')}, not "${env['VANTAGE_STORE_BACKEND'] ?? ''}"`,
    );
  }
  const explicit = backend !== undefined;
  if (backend === 'sqlite') return { backend, explicit };
  const binDir = postgres.binDir(env['PATH']);
  try {
    if (binDir === null) throw new InfraError(POSTGRES_MISSING_MESSAGE);
    return { backend: 'postgresql', binDir, runAs: postgres.runAs(), explicit };
  } catch (error) {
    if (explicit || !(error instanceof InfraError)) throw error;
    return {
      backend: 'sqlite',
      explicit,
      fallbackReason: `${error.message}; FerretDB falls back to SQLite, which is much slower (docs/store.md)`,
    };
  }
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
