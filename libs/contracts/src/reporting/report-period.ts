import { IsISO8601 } from 'class-validator';

/**
 * What the weekly report asks every data source: the figures of the period [from, to) (the
 * report's week, bounded in the organisation's time zone), the same figures for the period of
 * the same length just before it, and a daily series over both periods, in 24-hour steps
 * starting at `from` minus the period's length (so 14 points for a week), oldest first.
 */
export class ReportPeriodRequest {
  @IsISO8601({ strict: true })
  from!: string;

  @IsISO8601({ strict: true })
  to!: string;
}

/** One 24-hour step of a daily series: its start and the value over the step. */
export interface DailyPoint {
  readonly from: string;
  readonly value: number;
}
