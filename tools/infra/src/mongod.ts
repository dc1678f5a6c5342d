import fs from 'node:fs';
import path from 'node:path';
import type { InfraPaths } from './paths';
import { spawnDetached, type DetachedServer } from './processes';

export const MONGOD_PROGRAM = 'mongod';

/** Standalone on loopback with a small cache: dev machines and CI runners have little memory to spare. */
export function mongodArgs(port: number, dataDir: string): string[] {
  return [
    '--bind_ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--dbpath',
    dataDir,
    // Unix sockets live in /tmp keyed only by port, so they collide between checkouts.
    '--nounixsocket',
    '--wiredTigerCacheSizeGB',
    '0.25',
  ];
}

export function startMongod(binary: string, port: number, paths: InfraPaths): DetachedServer {
  fs.mkdirSync(paths.mongodDataDir, { recursive: true });
  return spawnDetached(binary, mongodArgs(port, paths.mongodDataDir), {
    cwd: paths.infraDir,
    logFile: path.join(paths.logsDir, 'mongod.log'),
  });
}
