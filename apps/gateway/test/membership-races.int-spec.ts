import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { startTestService } from '@vantage/service-runtime/testing';
import { gatewayService } from '../src/service-definition';
import {
  addMember,
  call,
  type Gateway,
  PASSWORD,
  registerOrg,
  type Session,
  uniqueEmail,
} from './support/gateway-api';

/** Rounds of each race: the owner race lost on the first of six tries, so many rounds. */
const ROUNDS = 30;
/** Each race signs up dozens of people (a password hash each) on a shared machine: no deadline. */
const SLOW_SETUP_MS = 300_000;

/**
 * Integrity under concurrent requests: requests that each keep an invariant on their own must
 * keep it when they arrive together (on one replica or several).
 */
describe('membership races', () => {
  let gateway: Gateway;
  let db: Connection;

  const ownersOf = (orgId: string) =>
    db.collection('memberships').countDocuments({ orgId, role: 'owner' });

  beforeAll(async () => {
    gateway = await startTestService(gatewayService, {
      // Every round signs up a new org and accepts invitations from this one address.
      env: { RATE_LIMIT_ANONYMOUS_PER_MINUTE: '10000' },
    });
    db = gateway.app.get<Connection>(getConnectionToken());
  });

  afterAll(async () => {
    await gateway?.close();
  }, SLOW_SETUP_MS);

  it(
    'never removes the last owner when a demotion and a removal of it arrive together',
    async () => {
      const orgs = await Promise.all(
        Array.from({ length: ROUNDS }, (_, round) => registerOrg(gateway, `sole-${round}`)),
      );
      const outcomes = await Promise.all(
        orgs.map(async (owner) => {
          const path = `/api/v1/org/members/${owner.user.id}`;
          const [demote, remove] = await Promise.all([
            call(gateway, 'PATCH', path, { token: owner.accessToken, body: { role: 'admin' } }),
            call(gateway, 'DELETE', path, { token: owner.accessToken }),
          ]);
          return { demote: demote.status, remove: remove.status };
        }),
      );

      const owners = await Promise.all(orgs.map((owner) => ownersOf(owner.organization.id)));
      expect(owners.filter((count) => count < 1)).toEqual([]);
      // The sole owner can neither step down nor leave: both are refused as conflicts.
      expect(outcomes.filter((o) => o.demote !== 409 || o.remove !== 409)).toEqual([]);
    },
    SLOW_SETUP_MS,
  );

  it(
    'keeps an owner when two owners demote or remove each other at once',
    async () => {
      const pairs = await Promise.all(
        Array.from({ length: ROUNDS }, async (_, round) => {
          const first = await registerOrg(gateway, `pair-${round}`);
          const second = await addMember(gateway, first, 'owner');
          return [first, second] as const;
        }),
      );
      await Promise.all(
        pairs.map(([first, second], round) => {
          const path = (target: Session) => `/api/v1/org/members/${target.user.id}`;
          // Alternate the shapes: demote/demote, remove/remove, demote/remove.
          const act = (actor: Session, target: Session, kind: number) =>
            kind === 0
              ? call(gateway, 'PATCH', path(target), {
                  token: actor.accessToken,
                  body: { role: 'viewer' },
                })
              : call(gateway, 'DELETE', path(target), { token: actor.accessToken });
          return Promise.all([
            act(first, second, round % 3 === 1 ? 1 : 0),
            act(second, first, round % 3 === 0 ? 0 : 1),
          ]);
        }),
      );
      const owners = await Promise.all(pairs.map(([first]) => ownersOf(first.organization.id)));
      expect(owners.filter((count) => count !== 1)).toEqual([]);
    },
    SLOW_SETUP_MS,
  );

  it(
    'an invitation accepted and revoked at once ends either accepted or revoked, not both',
    async () => {
      const owner = await registerOrg(gateway, 'inviter');
      const results = await Promise.all(
        Array.from({ length: ROUNDS }, async () => {
          const email = uniqueEmail('race');
          const invite = await call<{ id: string; inviteUrl: string }>(
            gateway,
            'POST',
            '/api/v1/org/invites',
            { token: owner.accessToken, body: { email, role: 'viewer' } },
          );
          const token = new URL(invite.body.inviteUrl).searchParams.get('token');
          const [accepted, revoked] = await Promise.all([
            call(gateway, 'POST', '/api/v1/auth/invites/accept', {
              body: { token, name: 'Racer', password: PASSWORD },
            }),
            call<{ status: string }>(gateway, 'DELETE', `/api/v1/org/invites/${invite.body.id}`, {
              token: owner.accessToken,
            }),
          ]);
          const stored = await db.collection('invites').findOne({ _id: invite.body.id as never });
          const joined = await db
            .collection('users')
            .findOne({ email })
            .then((user) =>
              user
                ? db.collection('memberships').countDocuments({
                    orgId: owner.organization.id,
                    userId: user._id,
                  })
                : 0,
            );
          return {
            accepted: accepted.status,
            revokeAnswer: revoked.body.status,
            acceptedAt: stored?.['acceptedAt'] ?? null,
            revokedAt: stored?.['revokedAt'] ?? null,
            joined,
          };
        }),
      );
      for (const result of results) {
        // Exactly one of the two won, and what the callers were told matches what is stored.
        expect([result.acceptedAt === null, result.revokedAt === null].sort()).toEqual([
          false,
          true,
        ]);
        if (result.accepted === 200) {
          expect(result).toMatchObject({ joined: 1, revokeAnswer: 'accepted', revokedAt: null });
        } else {
          expect(result).toMatchObject({ accepted: 404, joined: 0, revokeAnswer: 'revoked' });
        }
      }
    },
    SLOW_SETUP_MS,
  );
});
