import { IsIn, IsISO8601, IsString, Length } from 'class-validator';
import { PLANS, type Plan, type PlanChangedEvent } from '@vantage/contracts';

/** Billing's plan-changed broadcast as the gateway accepts it (validated like any input). */
export class PlanChangedDto implements PlanChangedEvent {
  @IsString()
  @Length(1, 128)
  orgId!: string;

  @IsIn(PLANS)
  plan!: Plan;

  @IsISO8601({ strict: true })
  changedAt!: string;
}
