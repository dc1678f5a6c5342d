import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { MailQuotaExceededError, type Plan } from '@vantage/contracts';
import { SERVICE_IDENTITY, type ServiceIdentity } from '@vantage/service-runtime';
import { connectRedis, type RedisClient } from '@vantage/transport';
import { ReportingConfig } from '../config/reporting.config';
import { MailQuotaMetrics } from './mail-quota.metrics';
import { OrgPlanRepository } from './org-plan.repository';

/** Counts one mail unless the day's quota is reached: -1 then, else the new count. */
const TAKE = `local used = tonumber(redis.call('get', KEYS[1]) or '0')
if used >= tonumber(ARGV[1]) then return -1 end
used = redis.call('incr', KEYS[1])
if used == 1 then redis.call('expire', KEYS[1], ARGV[2]) end
return used`;

const DAY_MS = 86_400_000;
/** A day's counter outlives its day a little, for clocks that disagree. */
const COUNTER_TTL_SECONDS = 2 * 86_400;

/**
 * The daily e-mail quota of each organisation, by plan: one atomic counter per org and UTC day
 * in Redis (`<org>:<day>`), shared by every replica. What would exceed it is not sent and is
 * counted in vantage_reporting_mail_quota_refused_total.
 */
@Injectable()
export class MailQuota implements OnApplicationShutdown {
  private readonly redis: RedisClient;

  constructor(
    private readonly config: ReportingConfig,
    private readonly plans: OrgPlanRepository,
    private readonly metrics: MailQuotaMetrics,
    @Inject(SERVICE_IDENTITY) identity: ServiceIdentity,
  ) {
    this.redis = connectRedis(config.REDIS_URL, {
      connectionName: `${identity.service}:mail-quota`,
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    });
    this.redis.on('error', () => undefined); // a failed call throws to its caller
  }

  /** Counts one mail of `kind` for the org today; false (and counted as refused) past the quota. */
  async take(orgId: string, kind: string, now = new Date()): Promise<boolean> {
    const limit = await this.limitOf(orgId);
    const used = await this.redis.eval(
      TAKE,
      1,
      this.key(orgId, now),
      String(limit),
      String(COUNTER_TTL_SECONDS),
    );
    if (Number(used) >= 0) return true;
    this.metrics.refused(kind);
    return false;
  }

  /**
   * For requests that mail at once (send now, a recipient to confirm): a 429 with code
   * MAIL_QUOTA_EXCEEDED when fewer than `needed` mails are left today.
   */
  async assertAvailable(
    orgId: string,
    needed: number,
    kind: string,
    now = new Date(),
  ): Promise<void> {
    const [limit, used] = await Promise.all([
      this.limitOf(orgId),
      this.redis.get(this.key(orgId, now)),
    ]);
    const left = Math.max(0, limit - Number(used ?? 0));
    if (left >= needed) return;
    this.metrics.refused(kind, needed);
    throw new MailQuotaExceededError(
      `the organisation's daily e-mail quota (${limit}) leaves ${left} e-mail(s) today, ${needed} needed; it renews at 00:00 UTC`,
      Math.max(1, Math.ceil((startOfNextDay(now) - now.getTime()) / 1000)),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }

  private async limitOf(orgId: string): Promise<number> {
    const plan: Plan = (await this.plans.planOf(orgId)) ?? 'free';
    switch (plan) {
      case 'free':
        return this.config.MAIL_DAILY_QUOTA_FREE;
      case 'pro':
        return this.config.MAIL_DAILY_QUOTA_PRO;
      case 'enterprise':
        return this.config.MAIL_DAILY_QUOTA_ENTERPRISE;
    }
  }

  private key(orgId: string, now: Date): string {
    const day = now.toISOString().slice(0, 10);
    return `${this.config.TRANSPORT_PREFIX}:{reporting:mail-quota:${orgId}:${day}}`;
  }
}

function startOfNextDay(now: Date): number {
  return (Math.floor(now.getTime() / DAY_MS) + 1) * DAY_MS;
}
