import {
  type DashboardRowDto,
  HEALTH_STATUSES,
  type HealthStatus,
  type RadSetStatsDto,
  type StatusCountsDto,
  UNKNOWN_RAD_SET,
} from '@vantage/contracts';

export interface RadSetSummary {
  readonly id: string;
  readonly name: string;
  readonly colour: string;
  readonly enabled: boolean;
}

export interface HealthTotals {
  readonly total: number;
  readonly byStatus: StatusCountsDto;
  readonly byRadSet: RadSetStatsDto[];
  readonly eventsDelta: number;
  readonly impact: number;
}

/**
 * Counts rows by status, overall and per RAD set. Every enabled set is listed, even with no
 * events (a set whose events all vanished is the thing to notice), in the order given, then
 * `unknown`; impact sums cover scored rows only (the others have none).
 */
export function summarizeHealth(
  rows: readonly DashboardRowDto[],
  sets: readonly RadSetSummary[],
): HealthTotals {
  const groups = new Map<string | null, Accumulator>();
  for (const set of sets) {
    if (set.enabled) groups.set(set.id, new Accumulator(set.id, set.name, set.colour));
  }
  const unknown = new Accumulator(null, UNKNOWN_RAD_SET, null);
  const overall = new Accumulator(null, '', null);
  for (const row of rows) {
    overall.add(row);
    (groups.get(row.radSetId) ?? unknown).add(row);
  }
  return {
    total: overall.total,
    byStatus: overall.byStatus,
    byRadSet: [...groups.values(), unknown].map((group) => group.toStats()),
    eventsDelta: overall.eventsDeltaSum,
    impact: overall.impactSum,
  };
}

class Accumulator {
  total = 0;
  readonly byStatus = emptyCounts();
  private eventsDelta = 0;
  private impact = 0;

  constructor(
    private readonly radSetId: string | null,
    private readonly name: string,
    private readonly colour: string | null,
  ) {}

  get eventsDeltaSum(): number {
    return round(this.eventsDelta);
  }

  get impactSum(): number {
    return round(this.impact);
  }

  add(row: DashboardRowDto): void {
    this.total += 1;
    this.byStatus[row.status] += 1;
    this.eventsDelta += row.eventsDelta ?? 0;
    this.impact += row.impact ?? 0;
  }

  toStats(): RadSetStatsDto {
    return {
      radSetId: this.radSetId,
      name: this.name,
      colour: this.colour,
      total: this.total,
      byStatus: this.byStatus,
      eventsDelta: this.eventsDeltaSum,
      impact: this.impactSum,
    };
  }
}

export function emptyCounts(): Record<HealthStatus, number> {
  return Object.fromEntries(HEALTH_STATUSES.map((status) => [status, 0])) as Record<
    HealthStatus,
    number
  >;
}

function round(value: number): number {
  const rounded = Math.round(value * 100) / 100;
  return rounded === 0 ? 0 : rounded;
}
