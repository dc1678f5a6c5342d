import fs from 'node:fs';
import path from 'node:path';

export type RedisKind = 'external' | 'redis-server';
export type MongoKind = 'external' | 'mongod' | 'ferretdb';

/** What `infra:up` set up; persisted in .infra/state.json so later commands can reuse or stop it. */
export type InfraState = {
  redisUrl: string;
  mongoUrl: string;
  redisKind: RedisKind;
  mongoKind: MongoKind;
  /** Only processes we started; external services have no PID here. */
  pids: { redis?: number; mongo?: number };
  startedAt: string;
};

const REDIS_KINDS: readonly RedisKind[] = ['external', 'redis-server'];
const MONGO_KINDS: readonly MongoKind[] = ['external', 'mongod', 'ferretdb'];

export function serializeState(state: InfraState): string {
  return `${JSON.stringify(state, null, 2)}\n`;
}

/** Validates instead of casting: a hand-edited or truncated file must not make us signal random PIDs. */
export function parseState(text: string): InfraState {
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
  const state: InfraState = {
    redisUrl,
    mongoUrl,
    redisKind: redis,
    mongoKind: mongo,
    pids: {},
    startedAt,
  };
  const redisPid = optionalPid(pids['redis']);
  const mongoPid = optionalPid(pids['mongo']);
  if (redisPid !== undefined) state.pids.redis = redisPid;
  if (mongoPid !== undefined) state.pids.mongo = mongoPid;
  return state;
}

/** null when there is no state file or it cannot be understood (nothing safe to reuse or stop). */
export function readState(file: string): InfraState | null {
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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalPid(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0)
    throw new Error('state has an invalid pid');
  return value;
}
