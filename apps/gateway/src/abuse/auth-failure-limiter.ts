import { Injectable } from '@nestjs/common';
import { normalizeIp } from '@nestjs/throttler';
import { DomainError, ErrorCode, RateLimitedError } from '@vantage/contracts';
import { hashToken } from '../auth/refresh-token.service';
import { GatewayConfig } from '../config/gateway.config';
import { SecurityStore } from './security-store';

/** Interval between two unsolicited mails of one kind to one address (sign-up, reset). */
const ACCOUNT_MAIL_INTERVAL_MS = 60_000;

/** A refused credential, as opposed to the database or Redis being away: that is a failure. */
export function isUnauthorized(error: unknown): boolean {
  return error instanceof DomainError && error.code === ErrorCode.Unauthorized;
}

/**
 * Makes failed authentication cost the caller, not the gateway. Every failure (bad API key,
 * token, password, reset or verification link) counts against the client IP, and an IP past its
 * budget is refused with 429 *before* its credential is hashed or looked up. Logins also count
 * per account: after LOGIN_FAILURES_PER_ACCOUNT failures the account's login backs off
 * exponentially (capped at LOGIN_BACKOFF_MAX_SECONDS), from every IP; a successful login or a
 * password reset (the owner proving the mailbox) clears it, so nobody is locked out for longer
 * than the cap after the attacker stops, and the owner can always get in through a reset.
 */
@Injectable()
export class AuthFailureLimiter {
  constructor(
    private readonly store: SecurityStore,
    private readonly config: GatewayConfig,
  ) {}

  /** Throws RateLimitedError when the IP used up its failure budget. */
  async assertIpAllowed(ip: string): Promise<void> {
    const key = this.ipKey(ip);
    // One GET on every credentialed request; the expiry is read only for a refusal.
    const failures = Number(await this.store.run((redis) => redis.get(key), null));
    if (failures < this.config.AUTH_FAILURES_PER_IP) return;
    const ttlMs = await this.store.run((redis) => redis.pttl(key), 1000);
    const retryAfter = Math.max(1, Math.ceil(ttlMs / 1000));
    throw new RateLimitedError(
      `too many failed authentications from this IP address; retry in ${retryAfter} s`,
      retryAfter,
    );
  }

  async recordIpFailure(ip: string): Promise<void> {
    const key = this.ipKey(ip);
    const windowMs = this.config.AUTH_FAILURE_WINDOW_SECONDS * 1000;
    // The window starts at the first failure (NX) so that failing again does not extend it.
    await this.store.run(
      (redis) => redis.multi().incr(key).pexpire(key, windowMs, 'NX').exec(),
      null,
    );
  }

  /** Throws RateLimitedError while the account's login backs off. */
  async assertAccountAllowed(email: string): Promise<void> {
    const lockMs = await this.store.run((redis) => redis.pttl(this.accountKey(email, ':lock')), 0);
    if (lockMs <= 0) return;
    const retryAfter = Math.max(1, Math.ceil(lockMs / 1000));
    throw new RateLimitedError(
      `too many failed logins for this account; retry in ${retryAfter} s or reset the password`,
      retryAfter,
    );
  }

  async recordAccountFailure(email: string): Promise<void> {
    const { config } = this;
    await this.store.run(
      (redis) =>
        redis.accountFailure(
          this.accountKey(email, ':failures'),
          this.accountKey(email, ':lock'),
          config.AUTH_FAILURE_WINDOW_SECONDS * 1000,
          config.LOGIN_FAILURES_PER_ACCOUNT,
          config.LOGIN_BACKOFF_SECONDS * 1000,
          config.LOGIN_BACKOFF_MAX_SECONDS * 1000,
        ),
      0,
    );
  }

  /** The owner got in (login) or proved the mailbox (reset): the backoff ends. */
  async clearAccount(email: string): Promise<void> {
    await this.store.run(
      (redis) => redis.del(this.accountKey(email, ':failures'), this.accountKey(email, ':lock')),
      0,
    );
  }

  /**
   * Whether a mail anyone can trigger for an address (sign-up attempt, reset link) may go now:
   * one per kind and minute, so the routes cannot flood someone's mailbox.
   */
  async allowAccountMail(email: string, kind: string): Promise<boolean> {
    const set = await this.store.run(
      (redis) =>
        redis.set(
          this.accountKey(email, `:mail:${kind}`),
          '1',
          'PX',
          ACCOUNT_MAIL_INTERVAL_MS,
          'NX',
        ),
      'OK' as const,
    );
    return set === 'OK';
  }

  private ipKey(ip: string): string {
    // An IPv6 /64 counts as one caller, as for the anonymous rate limit.
    return this.store.key(`authfail:ip:${normalizeIp(ip || 'unknown')}`);
  }

  private accountKey(email: string, suffix: string): string {
    // Hashed: addresses (existing or not) never appear in Redis keys.
    return this.store.key(`authfail:acct:${hashToken(email.trim().toLowerCase())}`, suffix);
  }
}
