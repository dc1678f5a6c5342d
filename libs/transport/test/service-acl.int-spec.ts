import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { firstValueFrom } from 'rxjs';
import { SERVICE_NAMES, type ServiceName } from '@vantage/contracts';
import {
  RedisStreamsClient,
  SERVICE_REDIS_GRANTS,
  commandStreamKey,
  deadLetterStreamKey,
  doneKey,
  eventStreamKey,
  gatewayKey,
  lockKey,
  renderRedisAclFile,
  replyStreamKey,
  serviceRedisUrl,
} from '../src';
import {
  type DisposableRedis,
  startDisposableRedis,
  startTestServer,
  testPrefix,
  waitUntil,
} from '../src/testing';
import { IdempotencyScripts } from '../src/server/idempotency-scripts';

const NOPERM = /NOPERM/;
/** A script naming a key its user may not touch is refused before it runs, or by the call inside. */
const SCRIPT_REFUSED = /NOPERM|can't access/;

/** Who may send `service` requests: a service whose grant lists it, else the admin (tools). */
function callerOf(service: ServiceName): ServiceName | undefined {
  return SERVICE_NAMES.find((caller) => SERVICE_REDIS_GRANTS[caller].calls.includes(service));
}

function producerOf(pattern: string): ServiceName {
  const producer = SERVICE_NAMES.find((s) => SERVICE_REDIS_GRANTS[s].emits.includes(pattern));
  if (!producer) throw new Error(`nobody emits ${pattern}`);
  return producer;
}

/** A key matching a grant's glob, as the service's code would build it. */
function sampleOf(pattern: string): string {
  return pattern.replace(/\*/g, `x${randomBytes(2).toString('hex')}`);
}

describe('each service has its own Redis user, limited to its keys and commands (ACL file)', () => {
  const prefix = testPrefix();
  const passwords = Object.fromEntries(
    SERVICE_NAMES.map((service) => [service, randomBytes(16).toString('hex')]),
  ) as Record<ServiceName, string>;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vantage-acl-'));
  const aclFile = path.join(dir, 'users.acl');
  const connections = new Map<ServiceName, Redis>();
  const closers: (() => Promise<void>)[] = [];
  let redis: DisposableRedis;

  const urlOf = (service: ServiceName): string =>
    serviceRedisUrl(redis.url, service, passwords[service]);
  const as = (service: ServiceName): Redis => {
    const found = connections.get(service);
    if (!found) throw new Error(`no connection for ${service}`);
    return found;
  };

  beforeAll(async () => {
    fs.writeFileSync(aclFile, renderRedisAclFile({ prefix, passwords, admin: { nopass: true } }));
    redis = await startDisposableRedis(['--aclfile', aclFile]);
    for (const service of SERVICE_NAMES) {
      const connection = new Redis(urlOf(service), { maxRetriesPerRequest: 1 });
      connections.set(service, connection);
    }
  });

  afterAll(async () => {
    for (const close of closers.reverse()) await close();
    for (const connection of connections.values()) connection.disconnect();
    await redis?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('authenticates every service as its own user, and refuses a wrong password', async () => {
    for (const service of SERVICE_NAMES) expect(await as(service).acl('WHOAMI')).toBe(service);
    await expect(as('reporting').auth('billing', 'guess')).rejects.toThrow(/WRONGPASS/);
  });

  describe.each(SERVICE_NAMES.map((service) => [service]))('%s', (service) => {
    it('serves requests on its command stream and its caller reads the reply', async () => {
      const server = await startTestServer({ service, prefix, redisUrl: urlOf(service) }, [
        { pattern: 'acl.echo.1', handler: (data: { n: number }) => ({ n: data.n, by: service }) },
      ]);
      closers.push(() => server.close());
      const caller = callerOf(service);
      const client = new RedisStreamsClient({
        redisUrl: caller ? urlOf(caller) : redis.url,
        prefix,
        service,
      });
      closers.push(() => client.close());

      const reply = await firstValueFrom(client.send('acl.echo.1', { n: 7 }));

      expect(reply).toEqual({ n: 7, by: service });
    });

    it('reads and begins a backlog of the events it consumes in one script', async () => {
      // Its own group (the markers it may touch are named after it); no reader of it runs yet.
      const group = service;
      const scripts = new IdempotencyScripts(as(service), { maxLength: 100, ttlMs: 60_000 });
      const admin = new Redis(redis.url);
      closers.push(async () => admin.disconnect());
      for (const pattern of SERVICE_REDIS_GRANTS[service].consumes) {
        const stream = eventStreamKey(prefix, pattern);
        await as(service).xgroup('CREATE', stream, group, '$', 'MKSTREAM');
        const producer = as(producerOf(pattern));
        for (const messageId of ['m1', 'm2']) {
          await producer.xadd(
            stream,
            '*',
            'pattern',
            pattern,
            'env',
            JSON.stringify({ messageId }),
          );
        }

        const taken = await scripts.take({
          stream,
          group,
          consumer: 'c1',
          count: 10,
          owner: 'c1',
          lockMs: 5000,
          donePrefix: doneKey(stream, group, ''),
          lockPrefix: lockKey(stream, group, ''),
        });

        expect(taken.map((entry) => entry.begun?.state)).toEqual(['acquired', 'acquired']);
        for (const { entryId } of taken) await scripts.ack(stream, group, entryId, true);
        for (const messageId of ['m1', 'm2'])
          await as(service).del(lockKey(stream, group, messageId));
        // Gone, as the next test's server expects (a group left behind would hold trimming).
        await admin.xgroup('DESTROY', stream, group);
      }
    });

    it('consumes the events it subscribes to, as their producers send them', async () => {
      const received = new Set<string>();
      const consumed = SERVICE_REDIS_GRANTS[service].consumes;
      const server = await startTestServer(
        // The gateway reads its events as a broadcast (every replica); the others by group.
        { service, prefix, redisUrl: urlOf(service), trimIntervalMs: 50, streamTailMs: 0 },
        consumed.map((pattern) => ({
          pattern,
          event: true,
          broadcast: service === 'gateway',
          handler: () => void received.add(pattern),
        })),
      );
      closers.push(() => server.close());

      for (const pattern of consumed) {
        const producer = new RedisStreamsClient({
          redisUrl: urlOf(producerOf(pattern)),
          prefix,
          service,
        });
        closers.push(() => producer.close());
        await firstValueFrom(producer.emit(pattern, { hello: service }), {
          defaultValue: undefined,
        });
      }
      await waitUntil(() => received.size === consumed.length, `${service}'s events`);
      // Its trimmer (a script: XINFO, XPENDING, XTRIM) may clear what it has handled.
      const admin = new Redis(redis.url);
      closers.push(async () => admin.disconnect());
      for (const pattern of consumed)
        await waitUntil(
          async () => (await admin.xlen(eventStreamKey(prefix, pattern))) === 0,
          `${service} trims ${pattern}`,
        );

      expect([...received].sort()).toEqual([...consumed].sort());
    });

    it('publishes the events it emits and dead-letters into its own stream', async () => {
      const redisOf = as(service);
      for (const pattern of SERVICE_REDIS_GRANTS[service].emits)
        await expect(redisOf.xadd(eventStreamKey(prefix, pattern), '*', 'k', 'v')).resolves.toEqual(
          expect.any(String),
        );
      await expect(
        redisOf.xadd(deadLetterStreamKey(prefix, service), '*', 'k', 'v'),
      ).resolves.toEqual(expect.any(String));
    });

    it('takes and releases its locks, claims its jobs, and keeps its own keys', async () => {
      const redisOf = as(service);
      const lock = `${prefix}:lock:${service}:{weekly}`;
      expect(await redisOf.set(lock, 'me', 'PX', 5000, 'NX')).toBe('OK');
      const release = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
      expect(await redisOf.eval(release, 1, lock, 'me')).toBe(1);
      const job = `${prefix}:{job:${service}:rollup}:2026-12-07T10:00`;
      expect(await redisOf.set(job, 'me', 'PX', 5000, 'NX')).toBe('OK');
      for (const pattern of SERVICE_REDIS_GRANTS[service].ownKeys) {
        const key = `${prefix}:${sampleOf(pattern)}`;
        expect(await redisOf.incr(key)).toBe(1);
        expect(await redisOf.get(key)).toBe('1');
      }
      for (const pattern of SERVICE_REDIS_GRANTS[service].ownUnprefixedKeys ?? [])
        expect(await redisOf.set(sampleOf(pattern), '1', 'EX', 60)).toBe('OK');
    });

    it('cannot read another service reply stream, command stream, locks or keys', async () => {
      const redisOf = as(service);
      for (const other of SERVICE_NAMES.filter((s) => s !== service)) {
        await expect(
          redisOf.xread('STREAMS', replyStreamKey(prefix, `${other}:0123456789abcdef`), '0'),
        ).rejects.toThrow(NOPERM);
        await expect(redisOf.xrange(commandStreamKey(prefix, other), '-', '+')).rejects.toThrow(
          NOPERM,
        );
        await expect(redisOf.get(`${prefix}:lock:${other}:{weekly}`)).rejects.toThrow(NOPERM);
        await expect(
          redisOf.set(`${prefix}:{job:${other}:rollup}:2026-12-07T10:00`, 'x'),
        ).rejects.toThrow(NOPERM);
        for (const pattern of SERVICE_REDIS_GRANTS[other].ownKeys)
          await expect(redisOf.set(`${prefix}:${sampleOf(pattern)}`, 'x')).rejects.toThrow(NOPERM);
      }
    });

    it('cannot append to an event stream it only consumes', async () => {
      const grant = SERVICE_REDIS_GRANTS[service];
      const forgeable = grant.consumes.filter((pattern) => !grant.emits.includes(pattern));
      for (const pattern of forgeable) {
        const stream = eventStreamKey(prefix, pattern);
        await expect(as(service).xadd(stream, '*', 'k', 'v')).rejects.toThrow(NOPERM);
        // Nor through a script, whose calls are checked one by one.
        await expect(
          as(service).eval(`return redis.call('XADD', KEYS[1], '*', 'k', 'v')`, 1, stream),
        ).rejects.toThrow(SCRIPT_REFUSED);
      }
    });

    it('cannot run commands that wipe, reconfigure or list the server', async () => {
      const redisOf = as(service);
      await expect(redisOf.flushall()).rejects.toThrow(NOPERM);
      await expect(redisOf.flushdb()).rejects.toThrow(NOPERM);
      await expect(redisOf.config('GET', 'requirepass')).rejects.toThrow(NOPERM);
      await expect(redisOf.keys('*')).rejects.toThrow(NOPERM);
      await expect(redisOf.scan('0')).rejects.toThrow(NOPERM);
      await expect(redisOf.call('ACL', 'LIST')).rejects.toThrow(NOPERM);
      await expect(redisOf.call('CLIENT', 'LIST')).rejects.toThrow(NOPERM);
      await expect(redisOf.call('SCRIPT', 'FLUSH')).rejects.toThrow(NOPERM);
      await expect(redisOf.call('FUNCTION', 'FLUSH')).rejects.toThrow(NOPERM);
      await expect(redisOf.publish('anything', 'x')).rejects.toThrow(NOPERM);
    });
  });

  it('a non-gateway service credential cannot write into another service command stream', async () => {
    const attempts: string[] = [];
    for (const service of SERVICE_NAMES.filter((s) => s !== 'gateway')) {
      const callable = SERVICE_REDIS_GRANTS[service].calls;
      for (const target of SERVICE_NAMES.filter((t) => t !== service && !callable.includes(t))) {
        const forged = await as(service)
          .xadd(commandStreamKey(prefix, target), '*', 'pattern', 'billing.plan.set.1')
          .then(
            () => 'appended',
            (error: Error) => (NOPERM.test(error.message) ? 'refused' : error.message),
          );
        attempts.push(`${service} -> ${target}: ${forged}`);
      }
    }

    expect(attempts).toContain('telemetry -> billing: refused');
    expect(attempts.filter((attempt) => !attempt.endsWith(': refused'))).toEqual([]);
  });

  it('only the gateway writes the gateway rate-limit and abuse counters', async () => {
    const [hits, block] = [
      gatewayKey(prefix, 'rl:org:org_1', ':hits'),
      gatewayKey(prefix, 'rl:org:org_1', ':block'),
    ];
    expect(await as('gateway').incr(hits)).toBe(1);
    for (const service of SERVICE_NAMES.filter((s) => s !== 'gateway')) {
      await expect(as(service).del(hits)).rejects.toThrow(NOPERM);
      await expect(as(service).set(block, '1', 'PX', 60_000)).rejects.toThrow(NOPERM);
      await expect(as(service).eval(`return redis.call('DEL', KEYS[1])`, 1, hits)).rejects.toThrow(
        SCRIPT_REFUSED,
      );
    }
  });

  it('keeps every gateway key, whatever tag a request chooses, inside the gateway namespace', () => {
    const tags = ['cmd:billing', 'reply:billing:x', '}{cmd:billing}', 'job:billing:x'];
    for (const tag of tags) expect(gatewayKey(prefix, tag)).toMatch(`${prefix}:{gw:`);
  });
});
