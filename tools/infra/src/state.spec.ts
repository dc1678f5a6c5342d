import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  parseState,
  readState,
  removeState,
  serializeState,
  writeState,
  type InfraState,
} from './state';

const state: InfraState = {
  redisUrl: 'redis://127.0.0.1:40001',
  mongoUrl: 'mongodb://127.0.0.1:40002/',
  redisKind: 'redis-server',
  mongoKind: 'ferretdb',
  stripeApiUrl: 'http://127.0.0.1:40003',
  stripeKind: 'stripe-mock',
  smtpUrl: 'smtp://127.0.0.1:40004',
  maildevApiUrl: 'http://127.0.0.1:40005',
  mailKind: 'maildev',
  pids: { redis: 1234, mongo: 5678, stripe: 2345, mail: 3456 },
  startedAt: '2026-01-01T00:00:00.000Z',
};

describe('state', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'infra-state-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('round-trips through the file', () => {
    const file = path.join(dir, 'nested', 'state.json');
    writeState(file, state);
    expect(readState(file)).toEqual(state);
    removeState(file);
    expect(readState(file)).toBeNull();
  });

  it('keeps external services without pids', () => {
    const external: InfraState = {
      ...state,
      redisKind: 'external',
      mongoKind: 'external',
      stripeKind: 'external',
      mailKind: 'external',
      maildevApiUrl: null,
      pids: {},
    };
    expect(parseState(serializeState(external))).toEqual(external);
  });

  it('reads a state from before stripe-mock and maildev as having neither', () => {
    const { redisUrl, mongoUrl, redisKind, mongoKind, startedAt } = state;
    const old = {
      redisUrl,
      mongoUrl,
      redisKind,
      mongoKind,
      startedAt,
      pids: { redis: 1, mongo: 2 },
    };
    const parsed = parseState(JSON.stringify(old));
    expect(parsed).toEqual(old);
    expect(parsed.stripeApiUrl).toBeUndefined();
    expect(parsed.smtpUrl).toBeUndefined();
  });

  it.each([
    ['not json', '{'],
    ['unknown stripe kind', JSON.stringify({ ...state, stripeKind: 'stripe' })],
    ['mail kind without smtp url', JSON.stringify({ ...state, smtpUrl: undefined })],
    ['bad stripe pid', JSON.stringify({ ...state, pids: { stripe: 'x' } })],
    ['unknown kind', JSON.stringify({ ...state, mongoKind: 'postgres' })],
    ['bad pid', JSON.stringify({ ...state, pids: { redis: -1 } })],
    ['missing url', JSON.stringify({ ...state, redisUrl: undefined })],
  ])('rejects %s', (_name, text) => {
    expect(() => parseState(text)).toThrow();
  });

  it("keeps FerretDB's backend and the PostgreSQL cluster it stores into", () => {
    const onPostgres: InfraState = {
      ...state,
      ferretdbBackend: 'postgresql',
      postgresUrl: 'postgres://ferretdb@127.0.0.1:40006/postgres',
      pids: { ...state.pids, postgres: 4567 },
    };
    expect(parseState(serializeState(onPostgres))).toEqual(onPostgres);
    expect(() => parseState(JSON.stringify({ ...onPostgres, ferretdbBackend: 'mysql' }))).toThrow();
    expect(() => parseState(JSON.stringify({ ...onPostgres, pids: { postgres: 0 } }))).toThrow();
  });

  it('reads an unreadable file as "nothing running"', () => {
    const file = path.join(dir, 'state.json');
    fs.writeFileSync(file, 'garbage');
    expect(readState(file)).toBeNull();
  });
});
