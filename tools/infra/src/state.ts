import fs from 'node:fs';
import path from 'node:path';

export type RedisKind = 'external' | 'redis-server';
export type MongoKind = 'external' | 'mongod' | 'ferretdb';
export type StripeKind = 'external' | 'stripe-mock';
export type MailKind = 'external' | 'maildev';
/** FerretDB's backend (see plan.ts); a state without one predates the choice and means SQLite. */
export type FerretdbBackend = 'postgresql' | 'sqlite';

/** What `infra:up` set up; persisted in .infra/state.json so later commands can reuse or stop it. */
export type InfraState = {
  redisUrl: string;
  mongoUrl: string;
  redisKind: RedisKind;
  mongoKind: MongoKind;
  /** Base URL of the Stripe API stand-in (stripe-mock speaks plain HTTP). */
  stripeApiUrl: string;
  stripeKind: StripeKind;
  smtpUrl: string;
  /** maildev's web/REST base URL (API under /api); null for an external SMTP relay without one. */
  maildevApiUrl: string | null;
  mailKind: MailKind;
  /** Only with mongoKind ferretdb. */
  ferretdbBackend?: FerretdbBackend;
  /** The cluster FerretDB stores into, with ferretdbBackend postgresql. */
  postgresUrl?: string;
  /** Only processes we started; external services have no PID here. */
  pids: { redis?: number; mongo?: number; postgres?: number; stripe?: number; mail?: number };
  startedAt: string;
};

type StripeFields = 'stripeApiUrl' | 'stripeKind';
type MailFields = 'smtpUrl' | 'maildevApiUrl' | 'mailKind';

/**
 * A state file as read back. Files written before stripe-mock and maildev joined the infra lack
 * their fields; infraUp then starts those two and keeps the Redis and MongoDB it finds.
 */
export type StoredInfraState = Omit<InfraState, StripeFields | MailFields> &
  Partial<Pick<InfraState, StripeFields | MailFields>>;

const REDIS_KINDS: readonly RedisKind[] = ['external', 'redis-server'];
const MONGO_KINDS: readonly MongoKind[] = ['external', 'mongod', 'ferretdb'];
const STRIPE_KINDS: readonly StripeKind[] = ['external', 'stripe-mock'];
const MAIL_KINDS: readonly MailKind[] = ['external', 'maildev'];
const FERRETDB_BACKENDS: readonly FerretdbBackend[] = ['postgresql', 'sqlite'];

export function serializeState(state: InfraState): string {
  return `${JSON.stringify(state, null, 2)}\n`;
}

/** Validates instead of casting: a hand-edited or truncated file must not make us signal random PIDs. */
export function parseState(text: string): StoredInfraState {
  const raw: unknown = JSON.parse(text);
  if (!isRecord(raw)) throw new Error('state is not an object');
  const { redisUrl, mongoUrl, redisKind, mongoKind, pids, startedAt } = raw;
  if (
    typeof redisUrl !== 'string' ||
    typeof mongoUrl !== 'string' ||
    typeof startedAt !== 'string'
  ) {
    throw new Error('state is missing redisUrl, mongoUrl or startedAt');
  }
  const redis = REDIS_KINDS.find((kind) => kind === redisKind);
  const mongo = MONGO_KINDS.find((kind) => kind === mongoKind);
  if (redis === undefined || mongo === undefined)
    throw new Error('state has an unknown redisKind or mongoKind');
  if (!isRecord(pids)) throw new Error('state has no pids');
  const state: StoredInfraState = {
    redisUrl,
    mongoUrl,
    redisKind: redis,
    mongoKind: mongo,
    pids: {},
    startedAt,
  };
  Object.assign(state, parseStripe(raw), parseMail(raw), parseFerretdbBackend(raw));
  for (const name of ['redis', 'mongo', 'postgres', 'stripe', 'mail'] as const) {
    const pid = optionalPid(pids[name]);
    if (pid !== undefined) state.pids[name] = pid;
  }
  return state;
}

/** null when there is no state file or it cannot be understood (nothing safe to reuse or stop). */
export function readState(file: string): StoredInfraState | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  try {
    return parseState(text);
  } catch {
    return null;
  }
}

/** Write-then-rename so a concurrent reader never sees a half-written file. */
export function writeState(file: string, state: InfraState): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, serializeState(state));
  fs.renameSync(tmp, file);
}

export function removeState(file: string): void {
  fs.rmSync(file, { force: true });
}

function parseStripe(raw: Record<string, unknown>): Partial<Pick<InfraState, StripeFields>> {
  const { stripeApiUrl, stripeKind } = raw;
  if (stripeKind === undefined && stripeApiUrl === undefined) return {};
  const kind = STRIPE_KINDS.find((candidate) => candidate === stripeKind);
  if (kind === undefined || typeof stripeApiUrl !== 'string')
    throw new Error('state has an unknown stripeKind or no stripeApiUrl');
  return { stripeKind: kind, stripeApiUrl };
}

function parseMail(raw: Record<string, unknown>): Partial<Pick<InfraState, MailFields>> {
  const { smtpUrl, maildevApiUrl, mailKind } = raw;
  if (mailKind === undefined && smtpUrl === undefined) return {};
  const kind = MAIL_KINDS.find((candidate) => candidate === mailKind);
  if (kind === undefined || typeof smtpUrl !== 'string')
    throw new Error('state has an unknown mailKind or no smtpUrl');
  if (maildevApiUrl !== null && typeof maildevApiUrl !== 'string')
    throw new Error('state has an invalid maildevApiUrl');
  return { mailKind: kind, smtpUrl, maildevApiUrl };
}

function parseFerretdbBackend(
  raw: Record<string, unknown>,
): Partial<Pick<InfraState, 'ferretdbBackend' | 'postgresUrl'>> {
  const { ferretdbBackend, postgresUrl } = raw;
  if (ferretdbBackend === undefined) return {};
  const backend = FERRETDB_BACKENDS.find((candidate) => candidate === ferretdbBackend);
  if (backend === undefined) throw new Error('state has an unknown ferretdbBackend');
  if (postgresUrl !== undefined && typeof postgresUrl !== 'string')
    throw new Error('state has an invalid postgresUrl');
  return postgresUrl === undefined
    ? { ferretdbBackend: backend }
    : { ferretdbBackend: backend, postgresUrl };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalPid(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0)
    throw new Error('state has an invalid pid');
  return value;
}
