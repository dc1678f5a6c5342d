import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { startTestService } from '@vantage/service-runtime/testing';
import { OrgPlanCache } from '../src/rate-limit/org-plan.cache';
import { gatewayService } from '../src/service-definition';
import { call, type Gateway, registerOrg } from './support/gateway-api';

const ROUNDS = 30;
/** Settings changes sent while billing's plan change is applied. */
const RENAMES = 10;
const SLOW_SETUP_MS = 300_000;

/**
 * The organisation document has two writers: its admins (settings) and billing's plan-change
 * broadcast. On FerretDB an update writes back the whole document it read, so without
 * serialising them a rename landing with a plan change put the old plan back.
 */
describe('organisation document under concurrent writers', () => {
  let gateway: Gateway;
  let db: Connection;

  beforeAll(async () => {
    gateway = await startTestService(gatewayService, {
      env: { RATE_LIMIT_ANONYMOUS_PER_MINUTE: '10000' },
    });
    db = gateway.app.get<Connection>(getConnectionToken());
  });

  afterAll(async () => {
    await gateway?.close();
  }, SLOW_SETUP_MS);

  it(
    'keeps a plan change made while the settings are being changed',
    async () => {
      const owners = await Promise.all(
        Array.from({ length: ROUNDS }, (_, round) => registerOrg(gateway, `renamer-${round}`)),
      );
      const plans = gateway.app.get(OrgPlanCache);
      const changedAt = new Date();

      await Promise.all(
        owners.map(async (owner) => {
          const renames = Array.from({ length: RENAMES }, (_, n) =>
            call(gateway, 'PATCH', '/api/v1/org', {
              token: owner.accessToken,
              body: { name: `Renamed ${n}` },
            }),
          );
          // Once one rename is through, the others are on their way to the database.
          await Promise.race(renames);
          await plans.applyPlanChange({ orgId: owner.organization.id, plan: 'pro', changedAt });
          await Promise.all(renames);
        }),
      );

      const stored = await db
        .collection('organizations')
        .find({ _id: { $in: owners.map((owner) => owner.organization.id) } as never })
        .toArray();
      expect(stored.filter((org) => org['plan'] !== 'pro').map((org) => org['_id'])).toEqual([]);
      expect(stored.filter((org) => !String(org['name']).startsWith('Renamed'))).toEqual([]);
    },
    SLOW_SETUP_MS,
  );
});
