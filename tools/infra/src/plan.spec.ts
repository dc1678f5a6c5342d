import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GO_MISSING_MESSAGE } from './ferretdb';
import { MAILDEV_MISSING_MESSAGE } from './maildev';
import { infraPaths } from './paths';
import { InfraError } from './errors';
import {
  planMail,
  planMongo,
  planRedis,
  planStore,
  planStripe,
  REDIS_MISSING_MESSAGE,
  type PostgresProbe,
} from './plan';
import { POSTGRES_MISSING_MESSAGE } from './postgres';
import { redisServerArgs } from './redis-server';
import { STRIPE_MOCK_MISSING_MESSAGE } from './stripe-mock';

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
    expect(planRedis({ PATH: bin })).toEqual({
      kind: 'redis-server',
      binary: redis,
      maxmemory: '512mb',
    });
    expect(planMongo({ PATH: bin }, infraPaths(dir))).toEqual({ kind: 'mongod', binary: mongod });
  });

  it('bounds the memory of the redis-server it starts, REDIS_MAXMEMORY overriding 512mb', () => {
    fakeProgram('redis-server');
    expect(planRedis({ PATH: bin, REDIS_MAXMEMORY: '2gb' })).toMatchObject({ maxmemory: '2gb' });
    expect(() => planRedis({ PATH: bin, REDIS_MAXMEMORY: 'lots' })).toThrow(/REDIS_MAXMEMORY/);
    expect(redisServerArgs(6379, '2gb').join(' ')).toContain(
      '--maxmemory 2gb --maxmemory-policy noeviction',
    );
  });

  const installed: PostgresProbe = {
    binDir: () => '/usr/lib/postgresql/15/bin',
    runAs: () => null,
  };
  const missing: PostgresProbe = { binDir: () => null, runAs: () => null };
  const rootWithoutAccount: PostgresProbe = {
    binDir: () => '/usr/lib/postgresql/15/bin',
    runAs: () => {
      throw new InfraError('running as root, and postgres refuses to');
    },
  };

  it('falls back to building FerretDB with go, on PostgreSQL when it is installed', () => {
    const go = fakeProgram('go');
    expect(planMongo({ PATH: bin }, infraPaths(dir), installed)).toEqual({
      kind: 'ferretdb',
      go,
      store: {
        backend: 'postgresql',
        binDir: '/usr/lib/postgresql/15/bin',
        runAs: null,
        explicit: false,
      },
    });
  });

  describe('store backend', () => {
    it('defaults to PostgreSQL, run as the postgres account when we are root', () => {
      const runAs = { uid: 101, gid: 104 };
      expect(planStore({}, { ...installed, runAs: () => runAs })).toEqual({
        backend: 'postgresql',
        binDir: '/usr/lib/postgresql/15/bin',
        runAs,
        explicit: false,
      });
    });

    it('falls back to SQLite by default when PostgreSQL is missing or cannot run, saying why', () => {
      const plan = planStore({ VANTAGE_STORE_BACKEND: '' }, missing);
      expect(plan).toEqual({
        backend: 'sqlite',
        explicit: false,
        fallbackReason: expect.stringContaining(POSTGRES_MISSING_MESSAGE),
      });
      expect(planStore({}, rootWithoutAccount)).toMatchObject({
        backend: 'sqlite',
        fallbackReason: expect.stringContaining('postgres refuses'),
      });
    });

    it('takes VANTAGE_STORE_BACKEND=sqlite without looking for PostgreSQL', () => {
      expect(planStore({ VANTAGE_STORE_BACKEND: 'SQLite' }, installed)).toEqual({
        backend: 'sqlite',
        explicit: true,
      });
    });

    it('refuses VANTAGE_STORE_BACKEND=postgresql when PostgreSQL cannot be used, and unknown backends', () => {
      const env = { VANTAGE_STORE_BACKEND: 'postgresql' };
      expect(planStore(env, installed)).toMatchObject({ backend: 'postgresql', explicit: true });
      expect(() => planStore(env, missing)).toThrow(POSTGRES_MISSING_MESSAGE);
      expect(() => planStore(env, rootWithoutAccount)).toThrow('postgres refuses');
      expect(() => planStore({ VANTAGE_STORE_BACKEND: 'mysql' }, installed)).toThrow(
        'VANTAGE_STORE_BACKEND must be postgresql or sqlite, not "mysql"',
      );
      expect(POSTGRES_MISSING_MESSAGE).not.toContain('\n');
    });
  });

  it('explains in one line what to install', () => {
    expect(() => planRedis({ PATH: bin, REDIS_URL: ' ' })).toThrow(REDIS_MISSING_MESSAGE);
    expect(() => planMongo({ PATH: bin }, infraPaths(dir))).toThrow(GO_MISSING_MESSAGE);
    expect(REDIS_MISSING_MESSAGE).not.toContain('\n');
    expect(GO_MISSING_MESSAGE).not.toContain('\n');
  });

  describe('stripe', () => {
    it('prefers STRIPE_API_URL over installing stripe-mock', () => {
      fakeProgram('go');
      expect(
        planStripe({ PATH: bin, STRIPE_API_URL: ' http://s:12111 ' }, infraPaths(dir)),
      ).toEqual({ kind: 'external', url: 'http://s:12111' });
    });

    it('installs stripe-mock with go, or reuses an installed one without go', () => {
      const go = fakeProgram('go');
      expect(planStripe({ PATH: bin }, infraPaths(dir))).toEqual({ kind: 'stripe-mock', go });
      fs.rmSync(go);
      const paths = infraPaths(dir);
      fs.mkdirSync(paths.binDir, { recursive: true });
      fs.writeFileSync(paths.stripeMockBinary, '');
      expect(planStripe({ PATH: bin }, paths)).toEqual({ kind: 'stripe-mock', go: null });
    });

    it('explains in one line what to install', () => {
      expect(() => planStripe({ PATH: bin, STRIPE_API_URL: '' }, infraPaths(dir))).toThrow(
        STRIPE_MOCK_MISSING_MESSAGE,
      );
      expect(STRIPE_MOCK_MISSING_MESSAGE).not.toContain('\n');
    });
  });

  describe('mail', () => {
    const withMaildev = (): string => {
      const { maildevEntry } = infraPaths(dir);
      fs.mkdirSync(path.dirname(maildevEntry), { recursive: true });
      fs.writeFileSync(maildevEntry, '');
      return maildevEntry;
    };

    it('prefers SMTP_URL, with MAILDEV_API_URL only when given', () => {
      withMaildev();
      expect(planMail({ SMTP_URL: 'smtp://relay:25' }, infraPaths(dir))).toEqual({
        kind: 'external',
        smtpUrl: 'smtp://relay:25',
        apiUrl: null,
      });
      expect(
        planMail({ SMTP_URL: 'smtp://m:1025', MAILDEV_API_URL: 'http://m:1080' }, infraPaths(dir)),
      ).toEqual({ kind: 'external', smtpUrl: 'smtp://m:1025', apiUrl: 'http://m:1080' });
    });

    it('starts maildev from node_modules, and ignores MAILDEV_API_URL without SMTP_URL', () => {
      const entry = withMaildev();
      expect(planMail({ MAILDEV_API_URL: 'http://m:1080' }, infraPaths(dir))).toEqual({
        kind: 'maildev',
        entry,
      });
    });

    it('explains in one line what to install', () => {
      expect(() => planMail({}, infraPaths(dir))).toThrow(MAILDEV_MISSING_MESSAGE);
      expect(MAILDEV_MISSING_MESSAGE).not.toContain('\n');
    });
  });
});
