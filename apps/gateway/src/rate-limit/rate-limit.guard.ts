import { ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  type ThrottlerModuleOptions,
  type ThrottlerRequest,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import { RateLimitedError } from '@vantage/contracts';
import type { Logger } from '@vantage/observability';
import { SERVICE_LOGGER } from '@vantage/service-runtime';
import type { GatewayRequest } from '../auth/principal';
import { RateLimitMetrics } from './rate-limit.metrics';
import { RateLimitPolicy } from './rate-limit.policy';
import type { ThrottlerStorageRecord } from './redis-throttler.storage';
import { mostRestrictive, RateLimitState, RateLimitTier } from './rate-limit-tiers';
import { isOperationalPath } from '../shared/operational-paths';

const WHOM: Readonly<Record<RateLimitTier, string>> = {
  anonymous: 'this IP address',
  free: 'this organisation (free plan)',
  pro: 'this organisation (pro plan)',
  enterprise: 'this organisation (enterprise plan)',
  expensive: 'expensive operations of this organisation',
  webhook: 'webhooks from this IP address',
};

/**
 * The gateway's rate limiter, a global guard that runs after authentication (so it knows the
 * org) and before authorization. Throttler resolves the counters; this subclass answers in
 * Vantage's terms: X-RateLimit-* headers for the most restrictive counter, a RateLimitedError
 * (429 problem+json with Retry-After) on refusal, and requests let through when Redis is down.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  /** What each counter said about a request, until the guard writes the headers. */
  private readonly states = new WeakMap<object, RateLimitState[]>();
  private storeDown = false;

  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly policy: RateLimitPolicy,
    private readonly metrics: RateLimitMetrics,
    @Inject(SERVICE_LOGGER) private readonly log: Logger,
  ) {
    super(options, storage, reflector);
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const allowed = await super.canActivate(context);
    if (context.getType() === 'http') {
      const { req, res } = this.getRequestResponse(context);
      const state = mostRestrictive(this.states.get(req) ?? []);
      if (state) writeHeaders(res as FastifyReply, state);
      this.states.delete(req);
    }
    return allowed;
  }

  /** Messages and WebSocket frames have no per-request limit; probes and docs are never limited. */
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    return isOperationalPath(context.switchToHttp().getRequest<GatewayRequest>().url);
  }

  protected override async handleRequest(request: ThrottlerRequest): Promise<boolean> {
    const { context, limit, ttl, throttler, blockDuration, getTracker, generateKey } = request;
    const { req, res } = this.getRequestResponse(context);
    const name = throttler.name ?? 'default';
    const tracker = await getTracker(req, context);
    const key = generateKey(context, tracker, name);

    let record: ThrottlerStorageRecord;
    try {
      record = await this.storageService.increment(key, ttl, limit, blockDuration, name);
    } catch (error) {
      this.storeFailed(error);
      return true; // fail open: an outage of Redis must not take the API down with it
    }
    this.storeAnswered();

    if (!record.isBlocked) {
      const state: RateLimitState = {
        limit,
        remaining: Math.max(0, limit - record.totalHits),
        resetSeconds: record.timeToExpire,
      };
      this.states.set(req, [...(this.states.get(req) ?? []), state]);
      return true;
    }

    const retryAfterSeconds = Math.max(1, record.timeToBlockExpire);
    // The refusing counter is the most restrictive one; the 429 keeps these headers.
    writeHeaders(res as FastifyReply, { limit, remaining: 0, resetSeconds: retryAfterSeconds });
    this.states.delete(req);
    const { tier } = await this.policy.bucketOf(name, req as GatewayRequest);
    this.metrics.refused(tier);
    throw new RateLimitedError(
      `rate limit of ${limit} requests per minute exceeded for ${WHOM[tier]}; retry in ${retryAfterSeconds} s`,
      retryAfterSeconds,
    );
  }

  private storeFailed(error: unknown): void {
    this.metrics.storeFailed();
    if (this.storeDown) return;
    this.storeDown = true;
    this.log.warn({ err: error }, 'rate-limit store unreachable: requests pass unthrottled');
  }

  private storeAnswered(): void {
    if (!this.storeDown) return;
    this.storeDown = false;
    this.log.info('rate-limit store reachable again: requests are throttled');
  }
}

function writeHeaders(reply: FastifyReply, state: RateLimitState): void {
  void reply.header('X-RateLimit-Limit', String(state.limit));
  void reply.header('X-RateLimit-Remaining', String(state.remaining));
  void reply.header('X-RateLimit-Reset', String(state.resetSeconds));
}
