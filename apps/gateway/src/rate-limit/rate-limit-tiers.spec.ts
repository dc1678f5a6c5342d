import {
  Caller,
  expensiveBucket,
  mostRestrictive,
  RateLimits,
  rateLimitsOf,
  tierBucket,
  webhookBucket,
} from './rate-limit-tiers';
import { isOperationalPath } from '../shared/operational-paths';

const limits: RateLimits = rateLimitsOf({
  RATE_LIMIT_ANONYMOUS_PER_MINUTE: 100,
  RATE_LIMIT_FREE_PER_MINUTE: 1000,
  RATE_LIMIT_PRO_PER_MINUTE: 10_000,
  RATE_LIMIT_ENTERPRISE_PER_MINUTE: 100_000,
  RATE_LIMIT_EXPENSIVE_PER_MINUTE: 30,
  RATE_LIMIT_WEBHOOK_PER_MINUTE: 300,
});

const anonymous = (ip = '203.0.113.7'): Caller => ({ kind: 'anonymous', ip });
const org = (plan: 'free' | 'pro' | 'enterprise', orgId = 'org_a'): Caller => ({
  kind: 'org',
  orgId,
  plan,
});

describe('rate-limit tiers', () => {
  it('counts an anonymous caller per IP at the anonymous limit', () => {
    expect(tierBucket(anonymous(), limits)).toEqual({
      tier: 'anonymous',
      tracker: 'ip:203.0.113.7',
      limit: 100,
    });
  });

  it.each([
    ['free', 1000],
    ['pro', 10_000],
    ['enterprise', 100_000],
  ] as const)('counts an org on %s per org at %i a minute', (plan, limit) => {
    expect(tierBucket(org(plan), limits)).toEqual({ tier: plan, tracker: 'org:org_a', limit });
  });

  it('gives two orgs two counters and one org one counter whoever calls for it', () => {
    expect(tierBucket(org('pro', 'org_a'), limits).tracker).not.toBe(
      tierBucket(org('pro', 'org_b'), limits).tracker,
    );
    expect(tierBucket(org('free', 'org_a'), limits).tracker).toBe(
      tierBucket(org('enterprise', 'org_a'), limits).tracker,
    );
  });

  it('keeps IP and org counters apart even if an org id looked like an address', () => {
    expect(tierBucket(anonymous('org_a'), limits).tracker).not.toBe(
      tierBucket(org('free', 'org_a'), limits).tracker,
    );
  });

  it('limits expensive routes at their own limit whatever the plan', () => {
    for (const plan of ['free', 'pro', 'enterprise'] as const) {
      expect(expensiveBucket(org(plan), limits)).toEqual({
        tier: 'expensive',
        tracker: 'org:org_a',
        limit: 30,
      });
    }
    expect(expensiveBucket(anonymous(), limits).tracker).toBe('ip:203.0.113.7');
  });

  it('counts webhook senders per IP at the webhook limit, apart from the anonymous counter', () => {
    expect(webhookBucket('203.0.113.7', limits)).toEqual({
      tier: 'webhook',
      tracker: 'ip:203.0.113.7',
      limit: 300,
    });
  });

  describe('the headers report the most restrictive counter', () => {
    it('picks the counter with the fewest requests left', () => {
      const tier = { limit: 1000, remaining: 990, resetSeconds: 40 };
      const expensive = { limit: 30, remaining: 29, resetSeconds: 12 };
      expect(mostRestrictive([tier, expensive])).toBe(expensive);
      expect(mostRestrictive([expensive, tier])).toBe(expensive);
    });

    it('on a tie, picks the one that recovers later', () => {
      const soon = { limit: 5, remaining: 0, resetSeconds: 3 };
      const late = { limit: 30, remaining: 0, resetSeconds: 50 };
      expect(mostRestrictive([soon, late])).toBe(late);
    });

    it('reports nothing when no counter applied', () => {
      expect(mostRestrictive([])).toBeUndefined();
    });
  });

  it.each([
    '/health/live',
    '/health/ready',
    '/metrics',
    '/docs',
    '/docs/',
    '/docs-json',
    '/docs/x?y',
  ])('never limits %s', (path) => {
    expect(isOperationalPath(path)).toBe(true);
  });

  it.each(['/api/v1/auth/login', '/api/v1/metrics', '/healthy', '/documents', '/api/v1/docs'])(
    'limits %s',
    (path) => {
      expect(isOperationalPath(path)).toBe(false);
    },
  );
});
