import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { normalizeIp, type ThrottlerOptions } from '@nestjs/throttler';
import { bindPlan } from '@vantage/observability';
import type { GatewayRequest } from '../auth/principal';
import { GatewayConfig } from '../config/gateway.config';
import { EXPENSIVE_ROUTE } from './expensive-route.decorator';
import { OrgPlanCache } from './org-plan.cache';
import {
  Caller,
  EXPENSIVE_THROTTLER,
  expensiveBucket,
  RATE_LIMIT_WINDOW_MS,
  RateLimitBucket,
  RateLimits,
  rateLimitsOf,
  TIER_THROTTLER,
  tierBucket,
  WEBHOOK_THROTTLER,
  webhookBucket,
} from './rate-limit-tiers';
import { WEBHOOK_ROUTE } from './webhook-route.decorator';

/**
 * Decides, per request, which counters it is charged to and their limits: the caller's tier
 * (per IP, or per org by plan) and, on @ExpensiveRoute routes, the expensive bucket as well;
 * @WebhookRoute routes only their own per-IP bucket.
 */
@Injectable()
export class RateLimitPolicy {
  readonly limits: RateLimits;
  /** The caller is worked out once per request, though throttler asks for it several times. */
  private readonly callers = new WeakMap<object, Promise<Caller>>();

  constructor(
    config: GatewayConfig,
    private readonly plans: OrgPlanCache,
    private readonly reflector: Reflector,
  ) {
    this.limits = rateLimitsOf(config);
  }

  /** The named throttlers of ThrottlerModule; limits and trackers resolve per request. */
  throttlers(): ThrottlerOptions[] {
    const common = { ttl: RATE_LIMIT_WINDOW_MS, blockDuration: 0 };
    return [
      {
        ...common,
        name: TIER_THROTTLER,
        limit: async (context) => (await this.bucketOf(TIER_THROTTLER, requestOf(context))).limit,
        skipIf: (context) => this.isWebhook(context),
        getTracker: async (request) =>
          (await this.bucketOf(TIER_THROTTLER, request as GatewayRequest)).tracker,
      },
      {
        ...common,
        name: EXPENSIVE_THROTTLER,
        limit: this.limits.expensive,
        skipIf: (context) => !this.isExpensive(context),
        getTracker: async (request) =>
          (await this.bucketOf(EXPENSIVE_THROTTLER, request as GatewayRequest)).tracker,
      },
      {
        ...common,
        name: WEBHOOK_THROTTLER,
        limit: this.limits.webhook,
        skipIf: (context) => !this.isWebhook(context),
        getTracker: async (request) =>
          (await this.bucketOf(WEBHOOK_THROTTLER, request as GatewayRequest)).tracker,
      },
    ];
  }

  /** One counter per throttler and caller, across all routes (not throttler's per-route keys). */
  keyOf(tracker: string, throttlerName: string): string {
    return `${throttlerName}:${tracker}`;
  }

  async bucketOf(throttlerName: string, request: GatewayRequest): Promise<RateLimitBucket> {
    if (throttlerName === WEBHOOK_THROTTLER) return webhookBucket(clientIp(request), this.limits);
    const caller = await this.callerOf(request);
    return throttlerName === EXPENSIVE_THROTTLER
      ? expensiveBucket(caller, this.limits)
      : tierBucket(caller, this.limits);
  }

  private isExpensive(context: ExecutionContext): boolean {
    return this.marked(context, EXPENSIVE_ROUTE);
  }

  private isWebhook(context: ExecutionContext): boolean {
    return this.marked(context, WEBHOOK_ROUTE);
  }

  private marked(context: ExecutionContext, marker: string): boolean {
    return (
      this.reflector.getAllAndOverride<boolean | undefined>(marker, [
        context.getHandler(),
        context.getClass(),
      ]) === true
    );
  }

  private callerOf(request: GatewayRequest): Promise<Caller> {
    let caller = this.callers.get(request);
    if (!caller) {
      caller = this.resolveCaller(request);
      this.callers.set(request, caller);
    }
    return caller;
  }

  private async resolveCaller(request: GatewayRequest): Promise<Caller> {
    const principal = request.principal;
    if (!principal) {
      return { kind: 'anonymous', ip: clientIp(request) };
    }
    const plan = await this.plans.planOf(principal.orgId);
    request.plan = plan;
    // Messages sent for this request carry the plan: services size per-org caps by it.
    bindPlan(plan);
    return { kind: 'org', orgId: principal.orgId, plan };
  }
}

/** request.ip honours TRUSTED_PROXIES; an IPv6 /64 counts as one caller, as one host owns it. */
function clientIp(request: GatewayRequest): string {
  return normalizeIp(request.ip || 'unknown');
}

function requestOf(context: ExecutionContext): GatewayRequest {
  return context.switchToHttp().getRequest<GatewayRequest>();
}
