import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { freePort } from '@vantage/observability/testing';
import Redis from 'ioredis';
import { waitUntil } from './transport-test-kit';

/** A redis-server of one test file's own, for what must not happen to the shared one. */
export interface DisposableRedis {
  readonly url: string;
  /** Makes Redis refuse every write that needs memory, as a full Redis with noeviction does. */
  fill(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts `redis-server` from PATH (the one tools/infra runs) on a free loopback port, with the
 * production memory policy and nothing written to disk; `extraArgs` are added (e.g. `--aclfile`,
 * whose `default` user must stay reachable without a password for the admin connection).
 */
export async function startDisposableRedis(
  extraArgs: readonly string[] = [],
): Promise<DisposableRedis> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    'redis-server',
    [
      '--bind',
      '127.0.0.1',
      '--port',
      String(port),
      '--save',
      '',
      '--appendonly',
      'no',
      '--maxmemory-policy',
      'noeviction',
      ...extraArgs,
    ],
    { stdio: 'ignore' },
  );
  const url = `redis://127.0.0.1:${port}`;
  const admin = new Redis(url, { lazyConnect: true, retryStrategy: () => 50 });
  admin.on('error', () => undefined);
  await waitUntil(
    async () => (await admin.ping().catch(() => 'down')) === 'PONG',
    `redis-server on port ${port}`,
  );
  return {
    url,
    fill: async () => {
      // Any limit under what is in use: every write that may allocate is refused with OOM.
      await admin.config('SET', 'maxmemory', '1');
    },
    stop: async () => {
      admin.disconnect();
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}
