import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GO_MISSING_MESSAGE } from './ferretdb';
import { infraPaths } from './paths';
import { planMongo, planRedis, REDIS_MISSING_MESSAGE } from './plan';

describe('plan', () => {
  let dir: string;
  let bin: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'infra-plan-'));
    bin = path.join(dir, 'bin');
    fs.mkdirSync(bin);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const fakeProgram = (name: string): string => {
    const file = path.join(bin, name);
    fs.writeFileSync(file, '#!/bin/sh\n', { mode: 0o755 });
    return file;
  };

  it('prefers REDIS_URL and MONGO_URL over anything installed', () => {
    fakeProgram('redis-server');
    fakeProgram('mongod');
    const env = { PATH: bin, REDIS_URL: 'redis://r:6379', MONGO_URL: 'mongodb://m:27017/' };
    expect(planRedis(env)).toEqual({ kind: 'external', url: 'redis://r:6379' });
    expect(planMongo(env, infraPaths(dir))).toEqual({
      kind: 'external',
      url: 'mongodb://m:27017/',
    });
  });

  it('uses redis-server and mongod from PATH', () => {
    const redis = fakeProgram('redis-server');
    const mongod = fakeProgram('mongod');
    expect(planRedis({ PATH: bin })).toEqual({ kind: 'redis-server', binary: redis });
    expect(planMongo({ PATH: bin }, infraPaths(dir))).toEqual({ kind: 'mongod', binary: mongod });
  });

  it('falls back to building FerretDB with go', () => {
    const go = fakeProgram('go');
    expect(planMongo({ PATH: bin }, infraPaths(dir))).toEqual({ kind: 'ferretdb', go });
  });

  it('explains in one line what to install', () => {
    expect(() => planRedis({ PATH: bin, REDIS_URL: ' ' })).toThrow(REDIS_MISSING_MESSAGE);
    expect(() => planMongo({ PATH: bin }, infraPaths(dir))).toThrow(GO_MISSING_MESSAGE);
    expect(REDIS_MISSING_MESSAGE).not.toContain('\n');
    expect(GO_MISSING_MESSAGE).not.toContain('\n');
  });
});
