import jwt from 'jsonwebtoken';
import { loadConfig } from '@vantage/service-runtime';
import { UnauthorizedError } from '@vantage/contracts';
import { GatewayConfig } from '../config/gateway.config';
import { AccessTokenService } from './access-token.service';
import { JwtSigningKey } from './jwt-signing-key';

const CLAIMS = {
  userId: 'user-1',
  orgId: 'org-1',
  role: 'admin',
  email: 'a@example.test',
  familyId: 'family-1',
} as const;

function accessTokens(env: Record<string, string> = {}): AccessTokenService {
  const config = loadConfig(
    GatewayConfig,
    { JWT_ACCESS_TTL_SECONDS: '60', ...env },
    { HTTP_PORT: '3000', MONGO_DB: 'vantage_gateway' },
  );
  return new AccessTokenService(config, new JwtSigningKey(config));
}

describe('AccessTokenService.verify', () => {
  const start = Date.parse('2026-12-01T10:00:00Z');

  beforeEach(() => {
    jest.useFakeTimers({ now: start, doNotFake: ['nextTick', 'setImmediate'] });
  });

  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('checks the signature of a token once; later presentations reuse the verified claims', () => {
    const tokens = accessTokens();
    const token = tokens.issue(CLAIMS);
    // Observes the calls only (the real verify runs): what a repeated presentation costs.
    const verify = jest.spyOn(jwt, 'verify');

    const first = tokens.verify(token);
    const again = tokens.verify(token);

    expect(again).toEqual(first);
    expect(first).toMatchObject({ userId: 'user-1', orgId: 'org-1', role: 'admin' });
    expect(verify).toHaveBeenCalledTimes(1);
  });

  it('refuses a known token from the second of its expiry on, as jsonwebtoken does', () => {
    const tokens = accessTokens();
    const token = tokens.issue(CLAIMS);
    const { expiresAtMs } = tokens.verify(token);

    jest.setSystemTime(expiresAtMs - 1);
    expect(tokens.verify(token).expiresAtMs).toBe(expiresAtMs);
    jest.setSystemTime(expiresAtMs);
    expect(() => tokens.verify(token)).toThrow(UnauthorizedError);
  });

  it('never accepts a token signed with another key, however often it is presented', () => {
    const other = accessTokens({ JWT_SECRET: 'another-secret-of-at-least-thirty-two-characters' });
    const forged = other.issue(CLAIMS);
    const tokens = accessTokens();

    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect(() => tokens.verify(forged)).toThrow('the access token is invalid or expired');
    }
  });
});
