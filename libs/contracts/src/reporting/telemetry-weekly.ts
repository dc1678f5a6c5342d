import type { DailyPoint } from './report-period';

/**
 * What the weekly report needs of telemetry (request/response; telemetry answers it). The
 * request is a ReportPeriodRequest; the org is the envelope's. Until telemetry answers this
 * pattern, the report's reliability section reads "No reliability data yet".
 */
export const TELEMETRY_REPORT_PATTERNS = {
  weekly: 'telemetry.report.weekly.1',
} as const;

/** Requests and failed requests of the organisation's traffic over one period. */
export interface ReliabilityFigures {
  readonly requests: number;
  readonly errors: number;
}

/** One kind of error, with how often it happened in the current period. */
export interface TopErrorFigure {
  /** The service (or route) it came from, e.g. `traffic-monitor`. */
  readonly service: string;
  /** A stable description: an error code, an exception name or a route and status. */
  readonly error: string;
  readonly count: number;
}

export const SLO_STATES = ['met', 'at-risk', 'breached'] as const;
export type SloState = (typeof SLO_STATES)[number];

export interface SloFigure {
  readonly name: string;
  readonly service: string;
  /** The objective as a fraction: 0.999. */
  readonly objective: number;
  /** What was attained over the SLO's window, as a fraction; null without traffic. */
  readonly attained: number | null;
  /** Error budget left over the SLO's window, as a fraction of the budget (negative when spent). */
  readonly errorBudgetRemaining: number;
  readonly state: SloState;
}

/** Expected traffic of the next period with its prediction interval. */
export interface TrafficForecastFigure {
  readonly from: string;
  readonly to: string;
  readonly expected: number;
  readonly lower: number;
  readonly upper: number;
  /** The interval's coverage: 0.8 or 0.95. */
  readonly confidence: number;
}

export interface TelemetryWeeklyReply {
  readonly current: ReliabilityFigures;
  readonly previous: ReliabilityFigures;
  /** The most frequent errors of the current period, most frequent first (at most 10). */
  readonly topErrors: readonly TopErrorFigure[];
  readonly slos: readonly SloFigure[];
  /** Next period (same length after `to`); null when there is too little history. */
  readonly forecast: TrafficForecastFigure | null;
  /** Error rate (errors / requests, 0 without requests) of each 24-hour step over both periods. */
  readonly dailyErrorRate: readonly DailyPoint[];
}
