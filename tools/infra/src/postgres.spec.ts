import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InfraError } from './errors';
import { freePort } from './free-port';
import {
  ensurePostgresCluster,
  findPostgresBinDir,
  LOCAL_POSTGRES_SETTINGS,
  localPostgresRunAs,
  POSTGRES_STOP_SIGNAL,
  postgresReady,
  postgresRunAs,
  postgresServerArgs,
  postgresUrl,
  startPostgres,
} from './postgres';
import { isAlive, stopProcess } from './processes';
import { waitFor } from './wait-for';

const PASSWD = [
  'root:x:0:0:root:/root:/bin/bash',
  'redis:x:100:102::/var/lib/redis:/usr/sbin/nologin',
  'postgres:x:101:104:PostgreSQL administrator,,,:/var/lib/postgresql:/bin/bash',
  '',
].join('\n');

describe('postgres', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'infra-postgres-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  describe('postgresRunAs', () => {
    it('runs postgres as ourselves unless we are root', () => {
      expect(postgresRunAs(1000, PASSWD)).toBeNull();
    });

    it('runs postgres as the postgres account when we are root (postgres refuses root)', () => {
      expect(postgresRunAs(0, PASSWD)).toEqual({ uid: 101, gid: 104 });
    });

    it('explains what to do as root without a postgres account', () => {
      const run = (): unknown => postgresRunAs(0, 'root:x:0:0:root:/root:/bin/bash\n');
      expect(run).toThrow(InfraError);
      expect(run).toThrow(/VANTAGE_STORE_BACKEND=sqlite/);
    });
  });

  it('listens on loopback only, with its sockets in the data directory and the local settings', () => {
    const args = postgresServerArgs(45432, '/x/data');
    const settings = Object.fromEntries(
      args
        .filter((_, i) => args[i - 1] === '-c')
        .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
    );
    expect(args.slice(0, 2)).toEqual(['-D', '/x/data']);
    expect(settings).toMatchObject({
      listen_addresses: '127.0.0.1',
      port: '45432',
      unix_socket_directories: '/x/data',
      synchronous_commit: 'off',
    });
    expect(LOCAL_POSTGRES_SETTINGS['fsync']).toBeUndefined();
  });

  it('finds initdb and postgres on PATH first, else the newest Debian version', () => {
    const make = (binDir: string): void => {
      fs.mkdirSync(binDir, { recursive: true });
      for (const name of ['postgres', 'initdb'])
        fs.writeFileSync(path.join(binDir, name), '#!/bin/sh\n', { mode: 0o755 });
    };
    const lib = path.join(dir, 'lib');
    make(path.join(lib, '13', 'bin'));
    make(path.join(lib, '15', 'bin'));
    fs.mkdirSync(path.join(lib, '16', 'bin'), { recursive: true }); // a leftover without binaries
    expect(findPostgresBinDir('', lib)).toBe(path.join(lib, '15', 'bin'));
    const onPath = path.join(dir, 'path-bin');
    make(onPath);
    expect(findPostgresBinDir(onPath, lib)).toBe(onPath);
    expect(findPostgresBinDir('', path.join(dir, 'none'))).toBeNull();
  });

  it('is ready once postmaster.pid says so', () => {
    expect(postgresReady(dir)).toBe(false);
    const lines = ['4749', dir, '1796678848', '45432', dir, '127.0.0.1', ' 12234435 14'];
    fs.writeFileSync(path.join(dir, 'postmaster.pid'), [...lines, 'starting', ''].join('\n'));
    expect(postgresReady(dir)).toBe(false);
    fs.writeFileSync(path.join(dir, 'postmaster.pid'), [...lines, 'ready   ', ''].join('\n'));
    expect(postgresReady(dir)).toBe(true);
  });

  // The real thing (CI installs PostgreSQL as it installs Redis): a cluster in a temp dir,
  // started, answering, and stopped by the fast-shutdown signal tools/infra sends.
  it('creates a cluster, starts postgres on it and stops it', async () => {
    const binDir = findPostgresBinDir();
    if (binDir === null) throw new Error('PostgreSQL is not installed: apt-get install postgresql');
    const runAs = localPostgresRunAs();
    // mkdtemp makes it 0700; the postgres account must be able to reach its cluster.
    fs.chmodSync(dir, 0o755);
    const dataDir = path.join(dir, 'pg', 'data');
    const logFile = path.join(dir, 'postgres.log');
    await ensurePostgresCluster(binDir, dataDir, runAs, path.join(dir, 'initdb.log'));
    expect(fs.existsSync(path.join(dataDir, 'PG_VERSION'))).toBe(true);
    if (runAs !== null) expect(fs.statSync(dataDir).uid).toBe(runAs.uid);

    const port = await freePort();
    const server = startPostgres(binDir, port, dataDir, { runAs, logFile });
    try {
      await waitFor(() => Promise.resolve(postgresReady(dataDir)), {
        description: `postgres (log ${logFile})`,
        timeoutMs: 30_000,
        abortIf: () => server.exitReason(),
      });
      const log = fs.readFileSync(logFile, 'utf8');
      expect(log).toContain(`listening on IPv4 address "127.0.0.1", port ${port}`);
      expect(log).toContain(path.join(dataDir, `.s.PGSQL.${port}`));
      expect(postgresUrl(port)).toBe(`postgres://ferretdb@127.0.0.1:${port}/postgres`);
    } finally {
      await stopProcess(server.pid, 10_000, POSTGRES_STOP_SIGNAL);
    }
    expect(isAlive(server.pid)).toBe(false);
    expect(fs.readFileSync(logFile, 'utf8')).toContain('received fast shutdown request');
    // A second call keeps the existing cluster.
    await ensurePostgresCluster(binDir, dataDir, runAs, path.join(dir, 'initdb2.log'));
    expect(fs.existsSync(path.join(dir, 'initdb2.log'))).toBe(false);
  }, 60_000);
});
