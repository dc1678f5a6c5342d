import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GO_MISSING_MESSAGE } from './ferretdb';
import { MAILDEV_MISSING_MESSAGE } from './maildev';
import { infraPaths } from './paths';
import { planMail, planMongo, planRedis, planStripe, REDIS_MISSING_MESSAGE } from './plan';
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
