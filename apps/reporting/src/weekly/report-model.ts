import type { HealthStatus, ReportSectionName, SloState } from '@vantage/contracts';

/**
 * The figures of one weekly report, as collected: plain data (stored with the run, so a
 * resumed run mails what the first recipients got), turned into e-mail by the templates.
 */
export type Section<T> =
  | { readonly available: true; readonly data: T }
  | { readonly available: false; readonly reason: string };

/** A figure this week and the week before. */
export interface Change {
  readonly current: number;
  readonly previous: number;
}

/** A figure that may be undefined in a week (a rate without a denominator). */
export interface OptionalChange {
  readonly current: number | null;
  readonly previous: number | null;
}

/** Day by day over both weeks, Monday first; null for a day without data. */
export interface DailyComparison {
  readonly current: readonly (number | null)[];
  readonly previous: readonly (number | null)[];
}

export interface RevenueSection {
  readonly currency: string;
  /** Minor units (cents). */
  readonly mrr: Change;
  readonly arr: Change;
  readonly newSubscriptions: Change;
  readonly churned: Change;
  /** Customer churn rate as a fraction. */
  readonly churnRate: OptionalChange;
  readonly failedPayments: Change;
  /** MRR at the end of each of the last weeks (UTC weeks), oldest first, the report's last. */
  readonly weeklyMrr: readonly { readonly week: string; readonly mrr: number }[];
}

export interface CountedKey {
  readonly key: string;
  readonly current: number;
  readonly previous: number;
}

export interface UsageSection {
  /** Daily active users, averaged over the week's days. */
  readonly dau: Change;
  readonly wau: Change;
  /** Distinct users over the 30 days ending with the week. */
  readonly mau: Change;
  readonly apiCalls: Change;
  readonly eventsIngested: Change;
  /** Most called endpoints of the week, at most 10. */
  readonly topEndpoints: readonly CountedKey[];
  /** Calls by country of the week, at most 10; empty when the gateway knows none. */
  readonly countries: readonly CountedKey[];
  readonly dailyActiveUsers: DailyComparison;
}

export interface WorstEvent {
  readonly eventId: string;
  readonly radSet: string;
  readonly status: HealthStatus;
  readonly changePct: number | null;
  readonly impact: number | null;
}

export interface TrafficHealth {
  readonly critical: Change;
  readonly warning: Change;
  /** CRITICAL and WARNING event ids at the week's end, largest loss first (at most 5). */
  readonly worst: readonly WorstEvent[];
  /** Business impact (value lost or gained) over every scored event at the week's end. */
  readonly impact: Change;
}

export interface AlertActivity {
  readonly raised: Change;
  readonly resolved: Change;
  /** Median time from opening to resolution of the alerts resolved in the week. */
  readonly medianTimeToResolveMs: OptionalChange;
  readonly dailyRaised: DailyComparison;
}

export interface TrafficSection {
  readonly health: Section<TrafficHealth>;
  readonly alerts: Section<AlertActivity>;
}

export interface ReliabilitySection {
  readonly requests: Change;
  readonly errors: Change;
  readonly errorRate: OptionalChange;
  readonly topErrors: readonly {
    readonly service: string;
    readonly error: string;
    readonly count: number;
  }[];
  readonly slos: readonly {
    readonly name: string;
    readonly service: string;
    readonly objective: number;
    readonly attained: number | null;
    readonly errorBudgetRemaining: number;
    readonly state: SloState;
  }[];
  readonly forecast: {
    readonly from: string;
    readonly to: string;
    readonly expected: number;
    readonly lower: number;
    readonly upper: number;
    readonly confidence: number;
  } | null;
  readonly dailyErrorRate: DailyComparison;
}

export interface RoadmapEntry {
  readonly title: string;
  readonly owner: string | null;
  readonly due: string | null;
}

export interface RoadmapSection {
  readonly completed: Change;
  readonly inProgress: number;
  readonly blocked: number;
  readonly planned: number;
  readonly completedItems: readonly RoadmapEntry[];
  readonly blockedItems: readonly RoadmapEntry[];
  readonly inProgressItems: readonly RoadmapEntry[];
  /** Items done per week over the last weeks, oldest first, the report's week last. */
  readonly velocity: readonly { readonly week: string; readonly completed: number }[];
  readonly averageVelocity: number;
}

export interface WeeklyReportModel {
  readonly orgId: string;
  readonly orgName: string | null;
  readonly week: string;
  readonly previousWeek: string;
  /** The week's bounds in the org's zone, as instants. */
  readonly from: string;
  readonly to: string;
  readonly timeZone: string;
  readonly generatedAt: string;
  /** null: billing does not share its figures (the whole business's) with this org. */
  readonly revenue: Section<RevenueSection> | null;
  readonly usage: Section<UsageSection>;
  readonly traffic: Section<TrafficSection>;
  readonly reliability: Section<ReliabilitySection>;
  readonly roadmap: Section<RoadmapSection>;
}

/** Whether each section had data: for the preview's and the run's summary. */
export function sectionStates(
  model: WeeklyReportModel,
): { name: ReportSectionName; available: boolean }[] {
  return [
    ...(model.revenue ? [{ name: 'revenue' as const, available: model.revenue.available }] : []),
    { name: 'usage', available: model.usage.available },
    { name: 'traffic', available: model.traffic.available },
    { name: 'reliability', available: model.reliability.available },
    { name: 'roadmap', available: model.roadmap.available },
  ];
}
