import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601 } from 'class-validator';
import { OptionalNotNull } from '../traffic/rad-sets';

/**
 * Revenue metrics of the whole business (every org), computed by billing from the subscriptions
 * and invoices it stored: for operators over HTTP, and for the reporting service.
 */
export const BILLING_METRICS_PATTERNS = {
  revenue: 'billing.metrics.revenue.1',
} as const;

export const METRICS_GRANULARITIES = ['week', 'month'] as const;
export type MetricsGranularity = (typeof METRICS_GRANULARITIES)[number];

/** Periods per answer at most (a week over seven years, or a month over thirty). */
export const METRICS_MAX_PERIODS = 370;

export class RevenueMetricsQueryDto {
  @ApiProperty({ example: '2026-01-01T00:00:00Z', description: 'Start of the range (inclusive).' })
  @IsISO8601({ strict: true })
  from!: string;

  @ApiProperty({ example: '2026-07-01T00:00:00Z', description: 'End of the range (exclusive).' })
  @IsISO8601({ strict: true })
  to!: string;

  @ApiPropertyOptional({
    enum: METRICS_GRANULARITIES,
    default: 'month',
    description: 'ISO weeks (Monday 00:00 UTC) or calendar months (UTC).',
  })
  @OptionalNotNull()
  @IsIn(METRICS_GRANULARITIES)
  granularity?: MetricsGranularity;
}

export class PlanCountsDto {
  @ApiProperty()
  pro!: number;

  @ApiProperty()
  enterprise!: number;

  @ApiProperty({ description: 'Subscriptions whose price maps to no plan of ours.' })
  other!: number;
}

/** Amounts are in the smallest unit of the currency (cents), rounded to whole units. */
export class RevenuePeriodDto {
  @ApiProperty({ description: 'Start of the period (clipped to the range).' })
  start!: string;

  @ApiProperty({ description: 'End of the period (exclusive, clipped to the range).' })
  end!: string;

  @ApiProperty({ description: 'MRR at the start of the period.' })
  startingMrr!: number;

  @ApiProperty({ description: 'MRR at the end of the period.' })
  mrr!: number;

  @ApiProperty({ description: 'mrr × 12.' })
  arr!: number;

  @ApiProperty({ description: 'MRR of customers who had none at the start.' })
  newMrr!: number;

  @ApiProperty()
  expansionMrr!: number;

  @ApiProperty()
  contractionMrr!: number;

  @ApiProperty({ description: 'MRR at the start of customers who have none at the end.' })
  churnedMrr!: number;

  @ApiProperty({ description: 'new + expansion − contraction − churned (= mrr − startingMrr).' })
  netNewMrr!: number;

  @ApiProperty({ description: 'Paying customers at the start.' })
  startingCustomers!: number;

  @ApiProperty({ description: 'Paying customers at the end.' })
  customers!: number;

  @ApiProperty()
  newCustomers!: number;

  @ApiProperty()
  churnedCustomers!: number;

  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    description: 'churnedCustomers / startingCustomers; null without starting customers.',
  })
  customerChurnRate!: number | null;

  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    description: '(churned + contraction) / startingMrr; null without starting MRR.',
  })
  revenueChurnRate!: number | null;

  @ApiProperty({ type: PlanCountsDto, description: 'Active subscriptions at the end, by plan.' })
  activeSubscriptions!: PlanCountsDto;

  @ApiProperty({ description: 'Trialing subscriptions at the end.' })
  trialing!: number;

  @ApiProperty({ description: 'Past-due subscriptions at the end.' })
  pastDue!: number;

  @ApiProperty({ description: 'Failed invoice payment attempts during the period.' })
  failedPayments!: number;

  @ApiProperty({ description: 'Invoice payments during the period, less refunds made in it.' })
  revenueCollected!: number;
}

export class RevenueMetricsDto {
  @ApiProperty({ enum: METRICS_GRANULARITIES })
  granularity!: MetricsGranularity;

  @ApiProperty({ example: 'usd', description: 'Objects in other currencies are not counted.' })
  currency!: string;

  @ApiProperty()
  from!: string;

  @ApiProperty()
  to!: string;

  @ApiProperty({ type: [RevenuePeriodDto] })
  periods!: RevenuePeriodDto[];
}
