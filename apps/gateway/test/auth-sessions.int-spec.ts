import jwt from 'jsonwebtoken';
import { startTestService } from '@vantage/service-runtime/testing';
import { gatewayService } from '../src/service-definition';
import {
  call,
  type Gateway,
  PASSWORD,
  registerOrg,
  type Session,
  uniqueEmail,
  verifyEmail,
} from './support/gateway-api';

const SECRET = 'a-test-secret-that-is-long-enough-for-hs256-0123';
const ISSUER = 'vantage-test';

describe('sign-up, sign-in and sessions', () => {
  let gateway: Gateway;

  beforeAll(async () => {
    gateway = await startTestService(gatewayService, {
      env: { JWT_SECRET: SECRET, JWT_ISSUER: ISSUER },
    });
  });

  afterAll(async () => {
    await gateway?.close();
  });

  const me = (token: string) => call(gateway, 'GET', '/api/v1/auth/me', { token });

  it('registers an organisation with its owner, then logs in, refreshes and logs out', async () => {
    const email = uniqueEmail('flow');
    const registered = await call(gateway, 'POST', '/api/v1/auth/register', {
      body: { orgName: 'Flow Inc', name: 'Flo', email, password: PASSWORD },
    });
    expect(registered.status).toBe(202);
    const verified = await verifyEmail(gateway, email);
    expect(verified).toMatchObject({
      role: 'owner',
      organization: { name: 'Flow Inc', plan: 'free' },
    });

    const login = await call<Session>(gateway, 'POST', '/api/v1/auth/login', {
      body: { email: email.toUpperCase(), password: PASSWORD },
    });
    expect(login.status).toBe(200);
    expect((await me(login.body.accessToken)).body).toMatchObject({
      kind: 'user',
      user: { email },
      role: 'owner',
      organization: { id: verified.organization.id },
    });

    const refreshed = await call<Session>(gateway, 'POST', '/api/v1/auth/refresh', {
      body: { refreshToken: login.body.refreshToken },
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refreshToken).not.toBe(login.body.refreshToken);
    expect((await me(refreshed.body.accessToken)).status).toBe(200);

    const logout = await call(gateway, 'POST', '/api/v1/auth/logout', {
      body: { refreshToken: refreshed.body.refreshToken },
    });
    expect(logout.status).toBe(204);
    const afterLogout = await call(gateway, 'POST', '/api/v1/auth/refresh', {
      body: { refreshToken: refreshed.body.refreshToken },
    });
    expect(afterLogout.status).toBe(401);
    expect(afterLogout.headers.get('content-type')).toContain('application/problem+json');
  });

  it('answers a wrong password and an unknown e-mail the same way', async () => {
    const session = await registerOrg(gateway, 'pw');
    const wrong = await call(gateway, 'POST', '/api/v1/auth/login', {
      body: { email: session.user.email, password: 'not the password' },
    });
    const unknown = await call(gateway, 'POST', '/api/v1/auth/login', {
      body: { email: uniqueEmail('ghost'), password: PASSWORD },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body['detail']).toBe(unknown.body['detail']);
  });

  it('revokes the whole family when a spent refresh token is used again', async () => {
    const session = await registerOrg(gateway, 'reuse');
    const first = await call<Session>(gateway, 'POST', '/api/v1/auth/refresh', {
      body: { refreshToken: session.refreshToken },
    });
    const second = await call<Session>(gateway, 'POST', '/api/v1/auth/refresh', {
      body: { refreshToken: first.body.refreshToken },
    });
    expect(second.status).toBe(200);

    const replay = await call(gateway, 'POST', '/api/v1/auth/refresh', {
      body: { refreshToken: session.refreshToken },
    });
    expect(replay.status).toBe(401);
    // The newest token of the family, never used, is dead too.
    const latest = await call(gateway, 'POST', '/api/v1/auth/refresh', {
      body: { refreshToken: second.body.refreshToken },
    });
    expect(latest.status).toBe(401);

    const audit = await call<{ items: { action: string }[] }>(
      gateway,
      'GET',
      '/api/v1/audit?action=auth.refresh.reuse_detected',
      { token: second.body.accessToken },
    );
    expect(audit.body.items).toHaveLength(1);
  });

  describe('refuses forged and stale access tokens with 401', () => {
    let session: Session;
    let claims: Record<string, unknown>;

    beforeAll(async () => {
      session = await registerOrg(gateway, 'jwt');
      claims = jwt.decode(session.accessToken) as Record<string, unknown>;
    });

    const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

    it('accepts the genuine token (control)', async () => {
      expect((await me(session.accessToken)).status).toBe(200);
    });

    it('alg none', async () => {
      const token = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims)}.`;
      expect((await me(token)).status).toBe(401);
    });

    it('signed with another key', async () => {
      const token = jwt.sign(claims, 'another-secret-that-is-long-enough-0123456789', {
        algorithm: 'HS256',
      });
      expect((await me(token)).status).toBe(401);
    });

    it('signed with the right key but another HMAC algorithm', async () => {
      const token = jwt.sign(claims, SECRET, { algorithm: 'HS512' });
      expect((await me(token)).status).toBe(401);
    });

    it('expired', async () => {
      const now = Math.floor(Date.now() / 1000);
      const token = jwt.sign({ ...claims, iat: now - 3600, exp: now - 60 }, SECRET, {
        algorithm: 'HS256',
      });
      const response = await me(token);
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ code: 'UNAUTHORIZED' });
    });

    it('tampered payload (role raised, signature kept)', async () => {
      const [header, , signature] = session.accessToken.split('.');
      const token = `${header}.${base64url({ ...claims, org: 'org_AAAAAAAAAAAAAAAAAAAA' })}.${signature}`;
      expect((await me(token)).status).toBe(401);
    });

    it('from another issuer', async () => {
      const token = jwt.sign({ ...claims, iss: 'someone-else' }, SECRET, { algorithm: 'HS256' });
      expect((await me(token)).status).toBe(401);
    });

    it('a refresh token used as an access token', async () => {
      expect((await me(session.refreshToken)).status).toBe(401);
    });

    it('a malformed Authorization header', async () => {
      const response = await call(gateway, 'GET', '/api/v1/auth/me', {
        headers: { authorization: `Token ${session.accessToken}` },
      });
      expect(response.status).toBe(401);
    });

    it('no credential at all', async () => {
      const response = await call(gateway, 'GET', '/api/v1/auth/me');
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    });
  });

  it('audits failed and successful logins', async () => {
    const session = await registerOrg(gateway, 'audited');
    await call(gateway, 'POST', '/api/v1/auth/login', {
      body: { email: session.user.email, password: 'wrong password!' },
    });
    await call(gateway, 'POST', '/api/v1/auth/login', {
      body: { email: session.user.email, password: PASSWORD },
    });
    const failures = await call<{ items: { action: string; outcome: string; actorId: string }[] }>(
      gateway,
      'GET',
      '/api/v1/audit?outcome=failure',
      { token: session.accessToken },
    );
    expect(failures.body.items.map((event) => event.action)).toEqual(['auth.login.failed']);
    expect(failures.body.items[0]?.actorId).toBe(session.user.id);
  });
});
