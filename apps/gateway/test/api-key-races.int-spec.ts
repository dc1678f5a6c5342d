import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { startTestService } from '@vantage/service-runtime/testing';
import { gatewayService } from '../src/service-definition';
import { call, createApiKey, type Gateway, registerOrg, type Session } from './support/gateway-api';

/** The lost revocation showed once in 60 rounds of 12 uses: this many, no fewer. */
const ROUNDS = 60;
/** Requests made with a key while it is being revoked. */
const USES = 12;
const SLOW_SETUP_MS = 300_000;

/**
 * Revoking a key while it is in use: the revocation must stick (in the database and in every
 * cache), whatever the requests using the key were doing at that moment.
 */
describe('API key revocation under concurrent use', () => {
  let gateway: Gateway;
  let owner: Session;
  let db: Connection;

  beforeAll(async () => {
    gateway = await startTestService(gatewayService, {
      // Uses that land after their key's revocation fail authentication, up to 720 from this
      // one address: the per-IP failure budget would answer the last ones 429 instead of 401.
      env: { RATE_LIMIT_FREE_PER_MINUTE: '100000', AUTH_FAILURES_PER_IP: '100000' },
    });
    db = gateway.app.get<Connection>(getConnectionToken());
    owner = await registerOrg(gateway, 'revoker');
  });

  afterAll(async () => {
    await gateway?.close();
  });

  it(
    'a key revoked while requests use it stays revoked and is refused afterwards',
    async () => {
      const keys = await Promise.all(
        Array.from({ length: ROUNDS }, () => createApiKey(gateway, owner, ['read'])),
      );

      const revocations = await Promise.all(
        keys.map(async (key) => {
          const [revoked] = await Promise.all([
            call(gateway, 'DELETE', `/api/v1/api-keys/${key.id}`, { token: owner.accessToken }),
            ...Array.from({ length: USES }, () =>
              call(gateway, 'GET', '/api/v1/auth/me', { apiKey: key.key }),
            ),
          ]);
          return revoked.status;
        }),
      );
      expect(revocations.filter((status) => status !== 200)).toEqual([]);
      // lastUsedAt is written in the background after a use: give those writes time to land (one
      // landing later still could only make this test pass wrongly, never fail wrongly).
      await new Promise((resolve) => setTimeout(resolve, 1000));

      const stored = await db
        .collection('api_keys')
        .find({ _id: { $in: keys.map((key) => key.id) } as never })
        .toArray();
      expect(stored.filter((key) => key['revokedAt'] === null).map((key) => key['_id'])).toEqual(
        [],
      );
      const afterwards = await Promise.all(
        keys.map((key) => call(gateway, 'GET', '/api/v1/auth/me', { apiKey: key.key })),
      );
      expect(afterwards.map((response) => response.status).filter((s) => s !== 401)).toEqual([]);
    },
    SLOW_SETUP_MS,
  );
});
