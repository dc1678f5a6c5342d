import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { SERVICE_NAMES, type ServiceName } from '@vantage/contracts';
import { RevisionedCache } from '@vantage/service-runtime';
import { renderRedisAclFile, serviceRedisUrl } from '@vantage/transport';
import { type DisposableRedis, startDisposableRedis } from '@vantage/transport/testing';
import type { TrafficMonitorConfig } from '../src/config/traffic-monitor.config';
import { orgCacheOptions } from '../src/dashboard/org-cache-options';

/**
 * The per-org caches keep their revisions in Redis under keys of traffic-monitor's own: with the
 * production ACL (each app its own Redis user), its user may read and bump them. Tests that run
 * as Redis's default user cannot see a key outside the grant; this one runs as the service.
 */
describe("the org caches' revision keys under traffic-monitor's Redis ACL user", () => {
  const prefix = `t${randomBytes(3).toString('hex')}`;
  const passwords = Object.fromEntries(
    SERVICE_NAMES.map((service) => [service, randomBytes(12).toString('hex')]),
  ) as Record<ServiceName, string>;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vantage-tm-acl-'));
  let redis: DisposableRedis;
  let asTrafficMonitor: Redis;

  beforeAll(async () => {
    const aclFile = path.join(dir, 'users.acl');
    fs.writeFileSync(aclFile, renderRedisAclFile({ prefix, passwords, admin: { nopass: true } }));
    redis = await startDisposableRedis(['--aclfile', aclFile]);
    asTrafficMonitor = new Redis(
      serviceRedisUrl(redis.url, 'traffic-monitor', passwords['traffic-monitor']),
      { maxRetriesPerRequest: 1 },
    );
  });

  afterAll(async () => {
    asTrafficMonitor?.disconnect();
    await redis?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it.each(['dashboard-config', 'rad-sets', 'alert-rules'])(
    'reads and bumps the %s revision of an org, and of every org',
    async (kind) => {
      const config = { TRANSPORT_PREFIX: prefix } as TrafficMonitorConfig;
      const cache = new RevisionedCache<number>(asTrafficMonitor, orgCacheOptions(config, kind));
      let loads = 0;
      const load = async (): Promise<number> => ++loads;
      for (const scope of ['org_acl', '*']) {
        await expect(cache.get(scope, load)).resolves.toBeGreaterThan(0);
        await cache.changed(scope);
      }
      expect(loads).toBe(2);
    },
  );
});
