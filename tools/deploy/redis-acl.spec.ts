import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { SERVICE_NAMES } from '@vantage/contracts';
import { freePort } from '@vantage/observability/testing';
import { commandStreamKey, renderServiceAclRules } from '@vantage/transport';
import { waitUntil } from '@vantage/transport/testing';
import { repoRoot } from '../infra/src/paths';
import { passwordVariable, renderDeploymentAcl } from './redis-acl';

const RULES_FILE = path.join(repoRoot, 'deploy', 'redis', 'service-acl.rules');
const START_SCRIPT = path.join(repoRoot, 'deploy', 'redis', 'start-redis.sh');

function passwordsEnv(): Record<string, string> {
  const env: Record<string, string> = { REDIS_ADMIN_PASSWORD: randomBytes(16).toString('hex') };
  for (const service of SERVICE_NAMES)
    env[passwordVariable(service)] = randomBytes(16).toString('hex');
  return env;
}

describe('the Redis users of docker-compose and k8s', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vantage-deploy-acl-'));
  const connections: Redis[] = [];
  let redis: ChildProcess | undefined;

  afterAll(async () => {
    for (const connection of connections) connection.disconnect();
    if (redis && redis.exitCode === null) {
      const exited = once(redis, 'exit');
      redis.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function connect(url: string): Redis {
    const connection = new Redis(url, { maxRetriesPerRequest: 1, retryStrategy: () => 100 });
    connection.on('error', () => undefined);
    connections.push(connection);
    return connection;
  }

  function startScript(env: Record<string, string>, port: number): ChildProcess {
    return spawn(
      'sh',
      [
        START_SCRIPT,
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
      ],
      {
        env: {
          PATH: process.env['PATH'] ?? '',
          REDIS_ACL_RULES: RULES_FILE,
          REDIS_ACL_FILE: path.join(dir, `users-${port}.acl`),
          ...env,
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
  }

  it('commits the rules rendered from the ACL table (re-render: tools/deploy/redis-acl.ts --rules)', () => {
    expect(fs.readFileSync(RULES_FILE, 'utf8')).toBe(renderServiceAclRules('vantage'));
  });

  it("compose's Redis entrypoint gives every app its own user and closes the default one", async () => {
    const env = passwordsEnv();
    const port = await freePort();
    redis = startScript(env, port);
    const url = (user: string, password: string): string =>
      `redis://${user}:${password}@127.0.0.1:${port}`;
    const billing = connect(url('billing', env['REDIS_PASSWORD_BILLING'] as string));
    await waitUntil(
      async () => (await billing.ping().catch(() => 'down')) === 'PONG',
      'redis-server started by start-redis.sh',
    );

    expect(await billing.acl('WHOAMI')).toBe('billing');
    await expect(
      billing.xadd(commandStreamKey('vantage', 'gateway'), '*', 'k', 'v'),
    ).rejects.toThrow(/NOPERM/);
    const admin = connect(url('default', env['REDIS_ADMIN_PASSWORD'] as string));
    expect(await admin.acl('WHOAMI')).toBe('default');
    const anonymous = connect(`redis://127.0.0.1:${port}`);
    await expect(anonymous.get('x')).rejects.toThrow(/NOAUTH/);
  });

  it('refuses to start Redis while an app password is missing', async () => {
    const env = passwordsEnv();
    delete env['REDIS_PASSWORD_TELEMETRY'];
    const child = startScript(env, await freePort());
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number];

    expect(code).toBe(1);
    expect(stderr).toContain('REDIS_PASSWORD_TELEMETRY must be set');
  });

  it('renders a whole ACL file for k8s with hashed passwords only, and demands every one', () => {
    const env = passwordsEnv();
    const file = renderDeploymentAcl(env, false);

    expect(file.split('\n').filter((line) => line.startsWith('user '))).toHaveLength(6);
    for (const password of Object.values(env)) expect(file).not.toContain(password);
    expect(() => renderDeploymentAcl({ REDIS_ADMIN_PASSWORD: 'x' }, false)).toThrow(
      /REDIS_PASSWORD_GATEWAY/,
    );
  });
});
