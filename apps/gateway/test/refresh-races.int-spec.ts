import { startTestService } from '@vantage/service-runtime/testing';
import { gatewayService } from '../src/service-definition';
import { call, type Gateway, registerOrg } from './support/gateway-api';

const ROUNDS = 30;
const SLOW_SETUP_MS = 300_000;

/**
 * A refresh token is spent once: the same token presented twice at once must not yield two
 * live sessions (one of them a thief's); the loser counts as a reuse and ends the family.
 */
describe('refresh token rotation under concurrent use', () => {
  let gateway: Gateway;

  beforeAll(async () => {
    gateway = await startTestService(gatewayService, {
      env: { RATE_LIMIT_ANONYMOUS_PER_MINUTE: '10000' },
    });
  });

  afterAll(async () => {
    await gateway?.close();
  }, SLOW_SETUP_MS);

  it(
    'never rotates one token twice when it is presented twice at once',
    async () => {
      const sessions = await Promise.all(
        Array.from({ length: ROUNDS }, (_, round) => registerOrg(gateway, `refresher-${round}`)),
      );

      const outcomes = await Promise.all(
        sessions.map(async (session) => {
          const refresh = () =>
            call<{ refreshToken?: string }>(gateway, 'POST', '/api/v1/auth/refresh', {
              body: { refreshToken: session.refreshToken },
            });
          const answers = await Promise.all([refresh(), refresh()]);
          // Whatever a winner got must be dead too if the race was seen as a reuse.
          const issued = answers.flatMap((answer) =>
            answer.status === 200 && answer.body.refreshToken ? [answer.body.refreshToken] : [],
          );
          return { rotated: issued.length };
        }),
      );

      expect(outcomes.filter((outcome) => outcome.rotated > 1)).toEqual([]);
    },
    SLOW_SETUP_MS,
  );
});
