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
  pids: { redis: 1234, mongo: 5678 },
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
      pids: {},
    };
    expect(parseState(serializeState(external))).toEqual(external);
  });

  it.each([
    ['not json', '{'],
    ['unknown kind', JSON.stringify({ ...state, mongoKind: 'postgres' })],
    ['bad pid', JSON.stringify({ ...state, pids: { redis: -1 } })],
    ['missing url', JSON.stringify({ ...state, redisUrl: undefined })],
  ])('rejects %s', (_name, text) => {
    expect(() => parseState(text)).toThrow();
  });

  it('reads an unreadable file as "nothing running"', () => {
    const file = path.join(dir, 'state.json');
    fs.writeFileSync(file, 'garbage');
    expect(readState(file)).toBeNull();
  });
});
