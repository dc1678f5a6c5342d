import { startTestService } from '@vantage/service-runtime/testing';
import { gatewayService } from '../src/service-definition';
import {
  addMember,
  call,
  createApiKey,
  type Gateway,
  registerOrg,
  type Session,
} from './support/gateway-api';

describe('access control: roles, scopes, tenancy', () => {
  let gateway: Gateway;
  let acme: Session;
  let globex: Session;

  beforeAll(async () => {
    gateway = await startTestService(gatewayService);
    [acme, globex] = await Promise.all([
      registerOrg(gateway, 'acme'),
      registerOrg(gateway, 'globex'),
    ]);
  });

  afterAll(async () => {
    await gateway?.close();
  });

  describe('API keys', () => {
    it('shows a key once, lists it without the secret, and stops accepting it once revoked', async () => {
      const created = await createApiKey(gateway, acme, ['read']);
      expect(created.key).toMatch(/^vk_live_[A-Za-z0-9]{40}$/);

      const list = await call<{ items: Record<string, unknown>[] }>(
        gateway,
        'GET',
        '/api/v1/api-keys',
        {
          token: acme.accessToken,
        },
      );
      const listed = list.body.items.find((item) => item['id'] === created.id);
      expect(listed).toMatchObject({ scopes: ['read'], revokedAt: null });
      expect(JSON.stringify(list.body)).not.toContain(created.key);

      // Both ways of presenting a key work.
      expect((await call(gateway, 'GET', '/api/v1/auth/me', { apiKey: created.key })).status).toBe(
        200,
      );
      expect((await call(gateway, 'GET', '/api/v1/auth/me', { token: created.key })).status).toBe(
        200,
      );

      const revoked = await call(gateway, 'DELETE', `/api/v1/api-keys/${created.id}`, {
        token: acme.accessToken,
      });
      expect(revoked.status).toBe(200);
      expect(revoked.body['revokedAt']).toEqual(expect.any(String));
      expect((await call(gateway, 'GET', '/api/v1/auth/me', { apiKey: created.key })).status).toBe(
        401,
      );
    });

    it('refuses an unknown key', async () => {
      const response = await call(gateway, 'GET', '/api/v1/auth/me', {
        apiKey: 'vk_live_0000000000000000000000000000000000000000',
      });
      expect(response.status).toBe(401);
    });

    it('holds a key to its scopes', async () => {
      const ingest = await createApiKey(gateway, acme, ['ingest']);
      const admin = await createApiKey(gateway, acme, ['admin']);
      // Listing keys needs the admin scope.
      expect((await call(gateway, 'GET', '/api/v1/api-keys', { apiKey: ingest.key })).status).toBe(
        403,
      );
      expect((await call(gateway, 'GET', '/api/v1/api-keys', { apiKey: admin.key })).status).toBe(
        200,
      );
      // Reading needs `read` (or admin): an ingest-only key may not read members.
      expect(
        (await call(gateway, 'GET', '/api/v1/org/members', { apiKey: ingest.key })).status,
      ).toBe(403);
      // Invitations are sent by people only.
      const invite = await call(gateway, 'POST', '/api/v1/org/invites', {
        apiKey: admin.key,
        body: { email: 'x@example.com', role: 'viewer' },
      });
      expect(invite.status).toBe(403);
    });
  });

  describe('roles', () => {
    let viewer: Session;
    let admin: Session;

    beforeAll(async () => {
      viewer = await addMember(gateway, acme, 'viewer');
      admin = await addMember(gateway, acme, 'admin');
    });

    it('lets every member read and only admins manage', async () => {
      expect(
        (await call(gateway, 'GET', '/api/v1/org/members', { token: viewer.accessToken })).status,
      ).toBe(200);
      const forbidden = await call(gateway, 'POST', '/api/v1/api-keys', {
        token: viewer.accessToken,
        body: { name: 'nope', scopes: ['read'] },
      });
      expect(forbidden.status).toBe(403);
      expect(forbidden.body).toMatchObject({ code: 'FORBIDDEN' });
      expect(
        (await call(gateway, 'GET', '/api/v1/audit', { token: viewer.accessToken })).status,
      ).toBe(403);
      expect(
        (await call(gateway, 'GET', '/api/v1/audit', { token: admin.accessToken })).status,
      ).toBe(200);
    });

    it('keeps owners to owners and never leaves an org without one', async () => {
      const promote = await call(gateway, 'PATCH', `/api/v1/org/members/${viewer.user.id}`, {
        token: admin.accessToken,
        body: { role: 'owner' },
      });
      expect(promote.status).toBe(403);
      const demoteOwner = await call(gateway, 'PATCH', `/api/v1/org/members/${acme.user.id}`, {
        token: admin.accessToken,
        body: { role: 'viewer' },
      });
      expect(demoteOwner.status).toBe(403);
      const lastOwner = await call(gateway, 'PATCH', `/api/v1/org/members/${acme.user.id}`, {
        token: acme.accessToken,
        body: { role: 'admin' },
      });
      expect(lastOwner.status).toBe(409);
      const removeLast = await call(gateway, 'DELETE', `/api/v1/org/members/${acme.user.id}`, {
        token: acme.accessToken,
      });
      expect(removeLast.status).toBe(409);
      const members = await call<{ items: { userId: string; role: string }[] }>(
        gateway,
        'GET',
        '/api/v1/org/members',
        { token: acme.accessToken },
      );
      expect(members.body.items.find((m) => m.userId === acme.user.id)?.role).toBe('owner');
    });

    it('applies a role change to tokens already issued', async () => {
      const analyst = await addMember(gateway, acme, 'analyst');
      const changed = await call(gateway, 'PATCH', `/api/v1/org/members/${analyst.user.id}`, {
        token: acme.accessToken,
        body: { role: 'admin' },
      });
      expect(changed.status).toBe(200);
      const audit = await call<{ items: { action: string; details: Record<string, string> }[] }>(
        gateway,
        'GET',
        '/api/v1/audit?action=member.role_changed',
        { token: analyst.accessToken },
      );
      expect(audit.status).toBe(200);
      expect(audit.body.items[0]?.details).toEqual({ from: 'analyst', to: 'admin' });
    });

    it("ends a removed member's access", async () => {
      const leaving = await addMember(gateway, acme, 'viewer');
      const removed = await call(gateway, 'DELETE', `/api/v1/org/members/${leaving.user.id}`, {
        token: acme.accessToken,
      });
      expect(removed.status).toBe(204);
      expect(
        (await call(gateway, 'GET', '/api/v1/auth/me', { token: leaving.accessToken })).status,
      ).toBe(401);
      const refresh = await call(gateway, 'POST', '/api/v1/auth/refresh', {
        body: { refreshToken: leaving.refreshToken },
      });
      expect(refresh.status).toBe(401);
    });
  });

  describe('invitations', () => {
    it('cannot be used twice, nor after being revoked', async () => {
      const invite = await call<{ id: string; inviteUrl: string }>(
        gateway,
        'POST',
        '/api/v1/org/invites',
        {
          token: acme.accessToken,
          body: { email: 'twice@example.com', role: 'viewer' },
        },
      );
      const token = new URL(invite.body.inviteUrl).searchParams.get('token');
      const accept = () =>
        call(gateway, 'POST', '/api/v1/auth/invites/accept', {
          body: { token, name: 'Twice', password: 'a long enough password' },
        });
      expect((await accept()).status).toBe(200);
      expect((await accept()).status).toBe(404);

      const second = await call<{ id: string; inviteUrl: string }>(
        gateway,
        'POST',
        '/api/v1/org/invites',
        {
          token: acme.accessToken,
          body: { email: 'revoked@example.com', role: 'viewer' },
        },
      );
      await call(gateway, 'DELETE', `/api/v1/org/invites/${second.body.id}`, {
        token: acme.accessToken,
      });
      const revoked = await call(gateway, 'POST', '/api/v1/auth/invites/accept', {
        body: {
          token: new URL(second.body.inviteUrl).searchParams.get('token'),
          name: 'Late',
          password: 'a long enough password',
        },
      });
      expect(revoked.status).toBe(404);
    });

    it('refuses a forged invitation token', async () => {
      const response = await call(gateway, 'POST', '/api/v1/auth/invites/accept', {
        body: {
          token: 'eyJhbGciOiJub25lIn0.eyJ0eXAiOiJpbnZpdGUifQ.',
          name: 'X',
          password: 'a long enough password',
        },
      });
      expect(response.status).toBe(401);
    });
  });

  describe("tenancy: another organisation's ids answer 404", () => {
    it.each([
      ['DELETE', '/api/v1/api-keys/:key'],
      ['PATCH', '/api/v1/org/members/:user'],
      ['DELETE', '/api/v1/org/members/:user'],
      ['DELETE', '/api/v1/org/invites/:invite'],
    ])('%s %s', async (method, template) => {
      const key = await createApiKey(gateway, globex, ['read']);
      const invite = await call<{ id: string }>(gateway, 'POST', '/api/v1/org/invites', {
        token: globex.accessToken,
        body: { email: 'someone@example.com', role: 'viewer' },
      });
      const path = template
        .replace(':key', key.id)
        .replace(':user', globex.user.id)
        .replace(':invite', invite.body.id);
      const response = await call(gateway, method, path, {
        token: acme.accessToken,
        ...(method === 'PATCH' ? { body: { role: 'viewer' } } : {}),
      });
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      // Nothing changed on globex's side.
      expect((await call(gateway, 'GET', '/api/v1/auth/me', { apiKey: key.key })).status).toBe(200);
      const members = await call<{ items: { role: string }[] }>(
        gateway,
        'GET',
        '/api/v1/org/members',
        {
          token: globex.accessToken,
        },
      );
      expect(members.body.items).toEqual([expect.objectContaining({ role: 'owner' })]);
    });

    it('an id of the wrong shape is a 404 too', async () => {
      const response = await call(gateway, 'DELETE', '/api/v1/api-keys/../../etc', {
        token: acme.accessToken,
      });
      expect([404]).toContain(response.status);
    });

    it('the body cannot choose the org', async () => {
      const response = await call(gateway, 'POST', '/api/v1/api-keys', {
        token: acme.accessToken,
        body: { name: 'sneaky', scopes: ['read'], orgId: globex.organization.id },
      });
      expect(response.status).toBe(400);
    });
  });

  describe('audit log', () => {
    it('pages newest first with a cursor and filters by action', async () => {
      for (let i = 0; i < 3; i++) await createApiKey(gateway, globex, ['read']);
      const first = await call<{
        items: { id: string; action: string }[];
        nextCursor: string | null;
      }>(gateway, 'GET', '/api/v1/audit?action=api_key.created&limit=2', {
        token: globex.accessToken,
      });
      expect(first.body.items).toHaveLength(2);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const rest = await call<{ items: { id: string }[]; nextCursor: string | null }>(
        gateway,
        'GET',
        `/api/v1/audit?action=api_key.created&limit=200&cursor=${first.body.nextCursor}`,
        { token: globex.accessToken },
      );
      const ids = [...first.body.items, ...rest.body.items].map((item) => item.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect([...ids].sort().reverse()).toEqual(ids);
      expect(rest.body.nextCursor).toBeNull();
      // acme's own events never show up in globex's log.
      expect(first.body.items.every((item) => item.action === 'api_key.created')).toBe(true);
    });

    it('rejects a bad cursor or limit with 400', async () => {
      for (const query of [
        'cursor=abc',
        'limit=0',
        'limit=1000',
        'action=nope',
        'from=yesterday',
      ]) {
        const response = await call(gateway, 'GET', `/api/v1/audit?${query}`, {
          token: acme.accessToken,
        });
        expect({ query, status: response.status }).toEqual({ query, status: 400 });
      }
    });
  });
});
