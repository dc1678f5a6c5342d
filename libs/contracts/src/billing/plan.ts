import { IsIn, IsISO8601, IsString, Length } from 'class-validator';

/** What an organisation pays for; decides its rate limits and features. */
export const PLANS = ['free', 'pro', 'enterprise'] as const;

export type Plan = (typeof PLANS)[number];

export function isPlan(value: unknown): value is Plan {
  return typeof value === 'string' && (PLANS as readonly string[]).includes(value);
}

/**
 * Broadcast by billing when an org's plan changes; every gateway replica updates its rate limits.
 * `changedAt` orders changes: an older one arriving late is ignored.
 */
export const PLAN_CHANGED_EVENT = 'billing.plan.changed';

export interface PlanChangedEvent {
  readonly orgId: string;
  readonly plan: Plan;
  readonly changedAt: string;
}

/** The broadcast as a service that listens to it validates it. */
export class PlanChangedEventDto implements PlanChangedEvent {
  @IsString()
  @Length(1, 128)
  orgId!: string;

  @IsIn(PLANS)
  plan!: Plan;

  @IsISO8601({ strict: true })
  changedAt!: string;
}
