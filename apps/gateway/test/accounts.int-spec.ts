import { createHash } from 'node:crypto';
import { getModelToken } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { startTestService } from '@vantage/service-runtime/testing';
import { gatewayService } from '../src/service-definition';
import { RefreshToken, User } from '../src/identity/identity.schemas';
import { accountMail, accountMailsTo, linkToken } from './support/account-mails';
import {
  call,
  createApiKey,
  type Gateway,
  PASSWORD,
  registerOrg,
  type Session,
  uniqueEmail,
  verifyEmail,
} from './support/gateway-api';

const NEW_PASSWORD = 'a completely new passphrase';
const DAY_MS = 86_400_000;

describe('accounts: sign-up, verification, password change and reset, session ends', () => {
  let gateway: Gateway;

  beforeAll(async () => {
    gateway = await startTestService(gatewayService, {
      env: { JWT_REFRESH_FAMILY_MAX_AGE_SECONDS: String(90 * 86_400) },
    });
  });

  afterAll(async () => {
    await gateway?.close();
  });

  const register = (email: string, password = PASSWORD, orgName = 'Signed Up') =>
    call(gateway, 'POST', '/api/v1/auth/register', {
      body: { orgName, name: 'Sam', email, password },
    });
  const login = (email: string, password: string) =>
    call<Session>(gateway, 'POST', '/api/v1/auth/login', { body: { email, password } });
  const refresh = (refreshToken: string) =>
    call<Session>(gateway, 'POST', '/api/v1/auth/refresh', { body: { refreshToken } });
  const me = (token: string) => call(gateway, 'GET', '/api/v1/auth/me', { token });

  describe('sign-up', () => {
    it('answers the same whether the address has an account or not, and mails the owner', async () => {
      const owner = await registerOrg(gateway, 'taken');
      const fresh = await register(uniqueEmail('fresh'));
      const again = await register(owner.user.email, 'the attacker password', 'Takeover');

      expect(again.status).toBe(fresh.status);
      expect(again.status).toBe(202);
      expect(again.body).toEqual(fresh.body);
      expect(await accountMail(gateway, owner.user.email, 'already-registered')).toMatchObject({
        to: owner.user.email,
        actionUrl: expect.stringContaining('/login'),
      });
      // Nothing changed for the account: its password is still the owner's.
      expect((await login(owner.user.email, 'the attacker password')).status).toBe(401);
      expect((await login(owner.user.email, PASSWORD)).status).toBe(200);
    });

    it('keeps an unverified account from signing in until the mailed link is followed', async () => {
      const email = uniqueEmail('unverified');
      expect((await register(email)).status).toBe(202);

      const early = await login(email, PASSWORD);
      expect(early.status).toBe(403);
      expect(early.headers.get('content-type')).toContain('application/problem+json');
      // A wrong password says nothing about the account's state.
      expect((await login(email, 'not the password')).status).toBe(401);

      const session = await verifyEmail(gateway, email);
      expect(session).toMatchObject({ role: 'owner', user: { email } });
      expect((await login(email, PASSWORD)).status).toBe(200);
    });

    it('accepts a verification link once', async () => {
      const email = uniqueEmail('once');
      await register(email);
      const token = linkToken(await accountMail(gateway, email, 'verify-email'));
      const verify = () => call(gateway, 'POST', '/api/v1/auth/verify-email', { body: { token } });
      expect((await verify()).status).toBe(200);
      const replay = await verify();
      expect(replay.status).toBe(401);
      expect(replay.body).toMatchObject({ code: 'UNAUTHORIZED' });
    });
  });

  describe('password reset by mailed single-use link', () => {
    it('answers the same for an unknown address and mails nothing to it', async () => {
      const owner = await registerOrg(gateway, 'resetter');
      const ghost = uniqueEmail('ghost');
      const known = await call(gateway, 'POST', '/api/v1/auth/password-reset', {
        body: { email: owner.user.email },
      });
      const unknown = await call(gateway, 'POST', '/api/v1/auth/password-reset', {
        body: { email: ghost },
      });
      expect(known.status).toBe(202);
      expect(unknown.status).toBe(202);
      expect(unknown.body).toEqual(known.body);
      await accountMail(gateway, owner.user.email, 'password-reset');
      expect(await accountMailsTo(gateway, ghost)).toEqual([]);
    });

    it('sets a new password once, stores the token hashed, and ends every session', async () => {
      const owner = await registerOrg(gateway, 'forgetful');
      const other = await login(owner.user.email, PASSWORD);
      await call(gateway, 'POST', '/api/v1/auth/password-reset', {
        body: { email: owner.user.email },
      });
      const token = linkToken(await accountMail(gateway, owner.user.email, 'password-reset'));

      const stored = await gateway.app
        .get<Model<{ _id: string }>>(getModelToken('AccountToken'))
        .findById(createHash('sha256').update(token).digest('hex'))
        .lean();
      expect(stored).toMatchObject({ purpose: 'password-reset' });
      expect(JSON.stringify(stored)).not.toContain(token);

      const confirm = () =>
        call(gateway, 'POST', '/api/v1/auth/password-reset/confirm', {
          body: { token, password: NEW_PASSWORD },
        });
      expect((await confirm()).status).toBe(204);
      expect((await confirm()).status).toBe(401);

      expect((await refresh(owner.refreshToken)).status).toBe(401);
      expect((await refresh(other.body.refreshToken)).status).toBe(401);
      expect((await login(owner.user.email, PASSWORD)).status).toBe(401);
      expect((await login(owner.user.email, NEW_PASSWORD)).status).toBe(200);
      await accountMail(gateway, owner.user.email, 'password-changed');
    });

    it('refuses an expired link', async () => {
      const owner = await registerOrg(gateway, 'late');
      await call(gateway, 'POST', '/api/v1/auth/password-reset', {
        body: { email: owner.user.email },
      });
      const token = linkToken(await accountMail(gateway, owner.user.email, 'password-reset'));
      await gateway.app
        .get<Model<{ _id: string }>>(getModelToken('AccountToken'))
        .updateOne(
          { _id: createHash('sha256').update(token).digest('hex') },
          { $set: { expiresAt: new Date(Date.now() - 1000) } },
        );
      const response = await call(gateway, 'POST', '/api/v1/auth/password-reset/confirm', {
        body: { token, password: NEW_PASSWORD },
      });
      expect(response.status).toBe(401);
    });
  });

  describe('password change', () => {
    it('needs the current password, and ends the other sessions but not this one', async () => {
      const owner = await registerOrg(gateway, 'changer');
      const elsewhere = await login(owner.user.email, PASSWORD);
      const change = (currentPassword: string) =>
        call(gateway, 'POST', '/api/v1/auth/password', {
          token: owner.accessToken,
          body: { currentPassword, newPassword: NEW_PASSWORD },
        });

      const wrong = await change('not my password');
      expect(wrong.status).toBe(403);
      expect((await change(PASSWORD)).status).toBe(204);

      expect((await refresh(elsewhere.body.refreshToken)).status).toBe(401);
      expect((await refresh(owner.refreshToken)).status).toBe(200);
      expect((await login(owner.user.email, NEW_PASSWORD)).status).toBe(200);
      await accountMail(gateway, owner.user.email, 'password-changed');
    });

    it('is refused to API keys', async () => {
      const owner = await registerOrg(gateway, 'keyed');
      const { key } = await createApiKey(gateway, owner, ['admin']);
      const response = await call(gateway, 'POST', '/api/v1/auth/password', {
        apiKey: key,
        body: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
      });
      expect(response.status).toBe(403);
    });
  });

  describe('sessions end', () => {
    it('revokes the access token presented at logout, not only the refresh token', async () => {
      const owner = await registerOrg(gateway, 'leaving');
      expect((await me(owner.accessToken)).status).toBe(200);
      const logout = await call(gateway, 'POST', '/api/v1/auth/logout', {
        token: owner.accessToken,
        body: { refreshToken: owner.refreshToken },
      });
      expect(logout.status).toBe(204);

      const after = await me(owner.accessToken);
      expect(after.status).toBe(401);
      expect(after.body).toMatchObject({ code: 'UNAUTHORIZED' });
      // Another session of the same user is untouched.
      const other = await login(owner.user.email, PASSWORD);
      expect((await me(other.body.accessToken)).status).toBe(200);
    });

    it('ends a refresh-token family after its absolute lifetime, however often rotated', async () => {
      const owner = await registerOrg(gateway, 'old-timer');
      const rotated = await refresh(owner.refreshToken);
      expect(rotated.status).toBe(200);

      // The login happened 91 days ago (JWT_REFRESH_FAMILY_MAX_AGE_SECONDS is 90 days).
      const longAgo = new Date(Date.now() - 91 * DAY_MS);
      await gateway.app
        .get<Model<RefreshToken>>(getModelToken(RefreshToken.name))
        .updateMany(
          { userId: owner.user.id },
          { $set: { familyStartedAt: longAgo, createdAt: longAgo } },
        );
      const response = await refresh(rotated.body.refreshToken);
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ detail: expect.stringMatching(/sign in again/) });
    });
  });

  it('documents the account routes with their answers and problems', async () => {
    type Operation = {
      responses: Record<string, { content?: Record<string, unknown> }>;
      security?: Array<Record<string, unknown>>;
    };
    const doc = (await (await gateway.fetch('/docs-json')).json()) as {
      paths: Record<string, Record<string, Operation>>;
    };
    const op = (path: string): Operation => {
      const operation = doc.paths[`/api/v1/auth/${path}`]?.['post'];
      if (!operation) throw new Error(`POST /api/v1/auth/${path} is not documented`);
      return operation;
    };
    expect(Object.keys(op('register').responses)).toEqual(expect.arrayContaining(['202', '400']));
    expect(op('register').responses['201']).toBeUndefined();
    expect(Object.keys(op('password-reset').responses)).toContain('202');
    expect(op('password-reset/confirm').responses['401']?.content).toHaveProperty([
      'application/problem+json',
    ]);
    expect(Object.keys(op('verify-email').responses)).toEqual(
      expect.arrayContaining(['200', '401', '429']),
    );
    expect(Object.keys(op('login').responses)).toEqual(
      expect.arrayContaining(['401', '403', '429']),
    );
    expect((op('password').security ?? []).map((s) => Object.keys(s).join('+'))).toEqual([
      'bearer',
    ]);
  });

  it('records when the address was verified', async () => {
    const owner = await registerOrg(gateway, 'verified');
    const user = await gateway.app
      .get<Model<User>>(getModelToken(User.name))
      .findById(owner.user.id)
      .lean();
    expect(user?.emailVerifiedAt).toBeInstanceOf(Date);
  });
});
