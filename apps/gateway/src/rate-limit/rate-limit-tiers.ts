import type { Plan } from '@vantage/contracts';

/**
 * Who a request counts against and how many requests it may make per window: pure rules, so
 * the tiers of ARCHITECTURE.md are unit-tested without HTTP or Redis.
 */

/** Every limit is per minute (GatewayConfig RATE_LIMIT_*). */
export const RATE_LIMIT_WINDOW_MS = 60_000;

/**
 * The throttlers: its caller's tier for every request, expensive routes on top, and webhook
 * routes on their own per-IP counter instead of the tier.
 */
export const TIER_THROTTLER = 'tier';
export const EXPENSIVE_THROTTLER = 'expensive';
export const WEBHOOK_THROTTLER = 'webhook';

export type RateLimitTier = 'anonymous' | Plan | 'expensive' | 'webhook';

export interface RateLimits {
  readonly anonymous: number;
  readonly free: number;
  readonly pro: number;
  readonly enterprise: number;
  readonly expensive: number;
  readonly webhook: number;
}

export interface RateLimitSettings {
  readonly RATE_LIMIT_ANONYMOUS_PER_MINUTE: number;
  readonly RATE_LIMIT_FREE_PER_MINUTE: number;
  readonly RATE_LIMIT_PRO_PER_MINUTE: number;
  readonly RATE_LIMIT_ENTERPRISE_PER_MINUTE: number;
  readonly RATE_LIMIT_EXPENSIVE_PER_MINUTE: number;
  readonly RATE_LIMIT_WEBHOOK_PER_MINUTE: number;
}

export function rateLimitsOf(settings: RateLimitSettings): RateLimits {
  return {
    anonymous: settings.RATE_LIMIT_ANONYMOUS_PER_MINUTE,
    free: settings.RATE_LIMIT_FREE_PER_MINUTE,
    pro: settings.RATE_LIMIT_PRO_PER_MINUTE,
    enterprise: settings.RATE_LIMIT_ENTERPRISE_PER_MINUTE,
    expensive: settings.RATE_LIMIT_EXPENSIVE_PER_MINUTE,
    webhook: settings.RATE_LIMIT_WEBHOOK_PER_MINUTE,
  };
}

/** An anonymous caller is known by its address; an authenticated one by its organisation. */
export type Caller =
  | { readonly kind: 'anonymous'; readonly ip: string }
  | { readonly kind: 'org'; readonly orgId: string; readonly plan: Plan };

/** One counter: `tracker` names it (with the throttler), `limit` is its allowance per window. */
export interface RateLimitBucket {
  readonly tier: RateLimitTier;
  readonly tracker: string;
  readonly limit: number;
}

function trackerOf(caller: Caller): string {
  return caller.kind === 'anonymous' ? `ip:${caller.ip}` : `org:${caller.orgId}`;
}

/**
 * The caller's general allowance: per IP when anonymous, per org by plan otherwise. All API keys
 * and members of one org share its bucket, so a plan buys a budget, not a per-key one.
 */
export function tierBucket(caller: Caller, limits: RateLimits): RateLimitBucket {
  const tier: RateLimitTier = caller.kind === 'anonymous' ? 'anonymous' : caller.plan;
  return { tier, tracker: trackerOf(caller), limit: limits[tier] };
}

/**
 * Expensive routes (formula execute, report send, forecast) also draw on a smaller bucket of
 * their own, whatever the plan. Such routes need a credential; should one be public, its
 * callers are counted per IP like the rest of the anonymous tier.
 */
export function expensiveBucket(caller: Caller, limits: RateLimits): RateLimitBucket {
  return { tier: 'expensive', tracker: trackerOf(caller), limit: limits.expensive };
}

/**
 * A webhook route (Stripe's) counts its sender by address whatever credential came along: the
 * sender is a third party, and a forged bearer token must not move it to an org's allowance.
 */
export function webhookBucket(ip: string, limits: RateLimits): RateLimitBucket {
  return { tier: 'webhook', tracker: `ip:${ip}`, limit: limits.webhook };
}

/** What one counter says about a request once it has been counted. */
export interface RateLimitState {
  readonly limit: number;
  readonly remaining: number;
  /** Seconds until the counter's window ends and its allowance is whole again. */
  readonly resetSeconds: number;
}

/**
 * The state the X-RateLimit-* headers report when several counters apply: the one with the
 * fewest requests left, and on a tie the one that takes longer to recover.
 */
export function mostRestrictive(states: readonly RateLimitState[]): RateLimitState | undefined {
  let chosen: RateLimitState | undefined;
  for (const state of states) {
    if (
      chosen === undefined ||
      state.remaining < chosen.remaining ||
      (state.remaining === chosen.remaining && state.resetSeconds > chosen.resetSeconds)
    ) {
      chosen = state;
    }
  }
  return chosen;
}
