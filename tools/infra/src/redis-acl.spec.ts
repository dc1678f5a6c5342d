import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { commandStreamKey } from '@vantage/transport';
import { type DisposableRedis, startDisposableRedis } from '@vantage/transport/testing';
import { SERVICE_NAMES } from '@vantage/contracts';
import { serviceAclRulesFor } from '../../run/service-acl-rules';
import {
  installServiceUsers,
  readServiceAclRules,
  serviceRedisUrls,
  servicePasswordsIn,
  transportPrefixOf,
  writeRedisAclFile,
} from './redis-acl';
import { redisServerArgs } from './redis-server';

describe('the app users of the Redis servers the tools run', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vantage-redis-acl-'));
  const servers: DisposableRedis[] = [];
  const connections: Redis[] = [];

  afterAll(async () => {
    for (const connection of connections) connection.disconnect();
    for (const server of servers) await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function connect(url: string): Redis {
    const connection = new Redis(url, { maxRetriesPerRequest: 1 });
    connections.push(connection);
    return connection;
  }

  it('keeps the passwords in an owner-only file, the same on every call', () => {
    const file = path.join(dir, 'passwords.json');
    const first = servicePasswordsIn(file, SERVICE_NAMES);

    expect(servicePasswordsIn(file, SERVICE_NAMES)).toEqual(first);
    expect(fs.statSync(file).mode & 0o077).toBe(0);
    expect(new Set(Object.values(first)).size).toBe(5);
  });

  it('starts redis-server with the ACL file, where each app works as its own user only', async () => {
    const aclFile = path.join(dir, 'users.acl');
    const passwords = servicePasswordsIn(path.join(dir, 'passwords.json'), SERVICE_NAMES);
    // The committed rules (TRANSPORT_PREFIX vantage), as the local infra loads them.
    const rules = readServiceAclRules();
    expect([...rules.keys()]).toEqual([...SERVICE_NAMES]);
    writeRedisAclFile(aclFile, { rules, passwords });
    expect(redisServerArgs(6379, '64mb', aclFile).join(' ')).toContain(`--aclfile ${aclFile}`);
    const server = await startDisposableRedis(['--aclfile', aclFile]);
    servers.push(server);
    const urls = serviceRedisUrls(server.url, passwords);
    const telemetry = connect(urls['telemetry'] as string);

    expect(await telemetry.acl('WHOAMI')).toBe('telemetry');
    await expect(
      telemetry.xadd(commandStreamKey('vantage', 'traffic-monitor'), '*', 'k', 'v'),
    ).resolves.toEqual(expect.any(String));
    await expect(
      telemetry.xadd(commandStreamKey('vantage', 'billing'), '*', 'k', 'v'),
    ).rejects.toThrow(/NOPERM/);
    // Tests and tools keep the open default user of the local server.
    expect(await connect(server.url).acl('WHOAMI')).toBe('default');
  });

  it('installs the app users on a Redis already running without them (npm start)', async () => {
    const server = await startDisposableRedis();
    servers.push(server);
    const passwords = servicePasswordsIn(path.join(dir, 'passwords.json'), SERVICE_NAMES);
    const prefix = transportPrefixOf({ TRANSPORT_PREFIX: 'dev' });

    await installServiceUsers(server.url, serviceAclRulesFor(prefix), passwords);
    await installServiceUsers(server.url, serviceAclRulesFor(prefix), passwords);

    const billing = connect(serviceRedisUrls(server.url, passwords)['billing'] as string);
    expect(await billing.acl('WHOAMI')).toBe('billing');
    await expect(billing.xadd(commandStreamKey(prefix, 'billing'), '*', 'k', 'v')).resolves.toEqual(
      expect.any(String),
    );
    await expect(billing.xadd(commandStreamKey(prefix, 'gateway'), '*', 'k', 'v')).rejects.toThrow(
      /NOPERM/,
    );
  });
});
