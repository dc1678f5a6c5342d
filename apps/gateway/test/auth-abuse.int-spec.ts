import mongoose from 'mongoose';
import { startTestService } from '@vantage/service-runtime/testing';
import { waitUntil } from '@vantage/transport/testing';
import { gatewayService } from '../src/service-definition';
import {
  call,
  createApiKey,
  type Gateway,
  PASSWORD,
  registerOrg,
  type Session,
  uniqueEmail,
} from './support/gateway-api';
import { accountMail, linkToken } from './support/account-mails';
import { LiveTestClient } from './support/live-client';

const LIMITS = {
  AUTH_FAILURES_PER_IP: 5,
  WS_MAX_CONNECTIONS_PER_IP: 2,
  WS_MAX_CONNECTIONS_PER_ORG: 3,
  API_KEY_CACHE_SIZE: 20,
};

let nextAddress = 0;
/** Each test calls from its own addresses (believed from the trusted proxy at 127.0.0.1). */
const clientAddress = (): string => `203.0.113.${++nextAddress}`;
const from = (ip: string) => ({ 'x-forwarded-for': ip });
const randomKey = () => `vk_live_${uniqueEmail('k').replace(/\W/g, '')}${'x'.repeat(20)}`;

/** Reads of the api_keys collection, seen by the MongoDB driver of this process. */
let apiKeyReads = 0;

describe('failed authentication is paid by the caller', () => {
  let gateway: Gateway;
  let owner: Session;

  beforeAll(async () => {
    gateway = await startTestService(gatewayService, {
      env: {
        TRUSTED_PROXIES: '127.0.0.1',
        ...Object.fromEntries(Object.entries(LIMITS).map(([name, value]) => [name, String(value)])),
      },
    });
    owner = await registerOrg(gateway, 'abused');
    mongoose.set('debug', (collection: string, method: string) => {
      if (collection === 'api_keys' && method.startsWith('find')) apiKeyReads++;
    });
  });

  afterAll(async () => {
    mongoose.set('debug', false);
    await gateway?.close();
  });

  const me = (apiKey: string, ip: string) =>
    call(gateway, 'GET', '/api/v1/auth/me', { apiKey, headers: from(ip) });

  it('refuses an IP past its failure budget with 429 and Retry-After, before any lookup', async () => {
    const ip = clientAddress();
    const { key } = await createApiKey(gateway, owner, ['read']);
    for (let i = 0; i < LIMITS.AUTH_FAILURES_PER_IP; i++) {
      expect((await me(randomKey(), ip)).status).toBe(401);
    }

    const readsBefore = apiKeyReads;
    const refused = await me(randomKey(), ip);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // Even a valid key is not looked at from that IP: the budget is checked first.
    expect((await me(key, ip)).status).toBe(429);
    expect(apiKeyReads).toBe(readsBefore);

    // Another client is not affected.
    expect((await me(key, clientAddress())).status).toBe(200);
  });

  it('checks the IP first for an access token already verified, and counts a signed-out one', async () => {
    // A token the gateway has verified before is checked without hashing, its deny-list lookup
    // in the same Redis round trip as the IP's budget: the answers must stay what they were.
    const session = await registerOrg(gateway, 'known');
    const known = (ip: string) =>
      call(gateway, 'GET', '/api/v1/auth/me', { token: session.accessToken, headers: from(ip) });
    const blockedIp = clientAddress();
    expect((await known(blockedIp)).status).toBe(200);
    for (let i = 0; i < LIMITS.AUTH_FAILURES_PER_IP; i++) {
      expect((await me(randomKey(), blockedIp)).status).toBe(401);
    }
    expect((await known(blockedIp)).status).toBe(429);

    const ip = clientAddress();
    expect((await known(ip)).status).toBe(200);
    const logout = await call(gateway, 'POST', '/api/v1/auth/logout', {
      token: session.accessToken,
      body: { refreshToken: session.refreshToken },
      headers: from(ip),
    });
    expect(logout.status).toBe(204);
    for (let i = 0; i < LIMITS.AUTH_FAILURES_PER_IP; i++) {
      const revoked = await known(ip);
      expect(revoked.status).toBe(401);
      expect(revoked.body).toMatchObject({ detail: 'the access token was revoked (signed out)' });
    }
    expect((await known(ip)).status).toBe(429);
  });

  it('counts bad access tokens and wrong passwords against the same budget', async () => {
    const ip = clientAddress();
    for (let i = 0; i < 3; i++) {
      const response = await call(gateway, 'GET', '/api/v1/auth/me', {
        token: 'eyJhbGciOiJIUzI1NiJ9.e30.forged',
        headers: from(ip),
      });
      expect(response.status).toBe(401);
    }
    for (let i = 0; i < 2; i++) {
      const response = await call(gateway, 'POST', '/api/v1/auth/login', {
        body: { email: owner.user.email, password: 'not the password!' },
        headers: from(ip),
      });
      expect(response.status).toBe(401);
    }
    const login = await call(gateway, 'POST', '/api/v1/auth/login', {
      body: { email: owner.user.email, password: PASSWORD },
      headers: from(ip),
    });
    expect(login.status).toBe(429);
  });

  it('counts bad credentials on /ws against the same budget', async () => {
    const ip = clientAddress();
    const attempt = async (): Promise<LiveTestClient> => {
      const client = await LiveTestClient.connect(gateway, { headers: from(ip) });
      client.send({ type: 'auth', token: randomKey() });
      return client;
    };
    for (let i = 0; i < LIMITS.AUTH_FAILURES_PER_IP; i++) {
      const client = await attempt();
      expect(await client.next()).toMatchObject({ type: 'error', code: 'AUTH_FAILED' });
      await client.waitForClose();
    }
    const refused = await attempt();
    expect(await refused.next()).toMatchObject({
      type: 'error',
      message: expect.stringMatching(/too many failed authentications/),
    });
    expect((await refused.waitForClose()).code).toBe(1013);
    expect((await me(randomKey(), ip)).status).toBe(429);
  });

  it('keeps valid keys in memory however many bad keys arrive', async () => {
    const { key } = await createApiKey(gateway, owner, ['read']);
    expect((await me(key, clientAddress())).status).toBe(200); // now cached

    // More distinct bad keys than the key cache holds, each from a fresh address.
    for (let i = 0; i < LIMITS.API_KEY_CACHE_SIZE + 10; i++) {
      expect((await me(randomKey(), clientAddress())).status).toBe(401);
    }

    const readsBefore = apiKeyReads;
    expect((await me(key, clientAddress())).status).toBe(200);
    expect(apiKeyReads).toBe(readsBefore);
  });

  it('looks a repeated bad key up once', async () => {
    const bad = randomKey();
    const firstRead = apiKeyReads;
    expect((await me(bad, clientAddress())).status).toBe(401);
    expect(apiKeyReads).toBe(firstRead + 1); // the probe sees the driver's reads
    const readsBefore = apiKeyReads;
    expect((await me(bad, clientAddress())).status).toBe(401);
    expect(apiKeyReads).toBe(readsBefore);
  });
});

describe('logins of one account back off after 10 failures in 15 minutes', () => {
  let gateway: Gateway;

  beforeAll(async () => {
    gateway = await startTestService(gatewayService, {
      env: { TRUSTED_PROXIES: '127.0.0.1', AUTH_FAILURES_PER_IP: '1000' },
    });
  });

  afterAll(async () => {
    await gateway?.close();
  });

  const login = (email: string, password: string) =>
    call(gateway, 'POST', '/api/v1/auth/login', {
      body: { email, password },
      headers: from(clientAddress()),
    });

  it('refuses even the right password with 429 once 10 guesses failed, from any IP', async () => {
    const owner = await registerOrg(gateway, 'guessed');
    for (let i = 0; i < 10; i++) {
      expect((await login(owner.user.email, `wrong password ${i}`)).status).toBe(401);
    }
    const refused = await login(owner.user.email, PASSWORD);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.body['detail']).toMatch(/reset the password/);
  });

  it('lets the owner back in at once through a password reset', async () => {
    const owner = await registerOrg(gateway, 'locked-out');
    for (let i = 0; i < 10; i++) await login(owner.user.email, `wrong password ${i}`);
    expect((await login(owner.user.email, PASSWORD)).status).toBe(429);

    await call(gateway, 'POST', '/api/v1/auth/password-reset', {
      body: { email: owner.user.email },
    });
    const token = linkToken(await accountMail(gateway, owner.user.email, 'password-reset'));
    const reset = await call(gateway, 'POST', '/api/v1/auth/password-reset/confirm', {
      body: { token, password: 'a brand new passphrase' },
    });
    expect(reset.status).toBe(204);
    expect((await login(owner.user.email, 'a brand new passphrase')).status).toBe(200);
  });

  it('applies the backoff to the password check of an invitation too', async () => {
    const inviter = await registerOrg(gateway, 'inviter');
    const invitee = await registerOrg(gateway, 'invitee');
    for (let i = 0; i < 10; i++) await login(invitee.user.email, `wrong password ${i}`);
    const invite = await call<{ inviteUrl: string }>(gateway, 'POST', '/api/v1/org/invites', {
      token: inviter.accessToken,
      body: { email: invitee.user.email, role: 'viewer' },
    });
    expect(invite.status).toBe(201);
    const token = new URL(invite.body.inviteUrl).searchParams.get('token');
    const accepted = await call(gateway, 'POST', '/api/v1/auth/invites/accept', {
      body: { token, password: PASSWORD },
      headers: from(clientAddress()),
    });
    expect(accepted.status).toBe(429);
  });

  it('backs off an unknown address the same way (no account enumeration)', async () => {
    const ghost = uniqueEmail('ghost');
    for (let i = 0; i < 10; i++) expect((await login(ghost, `guess ${i}`)).status).toBe(401);
    expect((await login(ghost, PASSWORD)).status).toBe(429);
  });
});

describe('WebSocket connections are capped per IP and per organisation', () => {
  let gateway: Gateway;
  const clients: LiveTestClient[] = [];

  beforeAll(async () => {
    gateway = await startTestService(gatewayService, {
      env: {
        TRUSTED_PROXIES: '127.0.0.1',
        // Unauthenticated connections stay open for as long as a test needs them.
        WS_AUTH_TIMEOUT_MS: '60000',
        WS_MAX_CONNECTIONS_PER_IP: String(LIMITS.WS_MAX_CONNECTIONS_PER_IP),
        WS_MAX_CONNECTIONS_PER_ORG: String(LIMITS.WS_MAX_CONNECTIONS_PER_ORG),
      },
    });
  });

  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });

  afterAll(async () => {
    await gateway?.close();
  });

  async function open(ip: string): Promise<LiveTestClient> {
    const client = await LiveTestClient.connect(gateway, { headers: from(ip) });
    clients.push(client);
    return client;
  }

  it('closes a connection past the cap of its IP with 1008 and says why', async () => {
    const ip = clientAddress();
    await open(ip);
    await open(ip);

    const third = await open(ip);
    expect(await third.next()).toMatchObject({ type: 'error', code: 'TOO_MANY_CONNECTIONS' });
    expect(await third.waitForClose()).toEqual({
      code: 1008,
      reason: 'too many connections from this IP address',
    });
  });

  it('gives the place back when a connection closes', async () => {
    const session = await registerOrg(gateway, 'returning');
    const ip = clientAddress();
    const first = await open(ip);
    await open(ip);
    first.close();
    await first.waitForClose();

    let admitted = false;
    await waitUntil(async () => {
      const client = await open(ip);
      client.send({ type: 'auth', token: session.accessToken });
      admitted = (await client.next())['type'] === 'ack';
      return admitted;
    }, 'a new connection from the IP to be admitted');
  });

  it('closes an authenticated connection past the cap of its organisation', async () => {
    const session = await registerOrg(gateway, 'crowded');
    for (let i = 0; i < LIMITS.WS_MAX_CONNECTIONS_PER_ORG; i++) {
      const client = await open(clientAddress());
      client.send({ type: 'auth', token: session.accessToken });
      expect(await client.next()).toMatchObject({ type: 'ack', of: 'auth' });
    }
    const over = await open(clientAddress());
    over.send({ type: 'auth', token: session.accessToken });
    expect(await over.next()).toMatchObject({ type: 'error', code: 'TOO_MANY_CONNECTIONS' });
    expect(await over.waitForClose()).toEqual({
      code: 1008,
      reason: 'too many connections for this organisation',
    });
  });
});
