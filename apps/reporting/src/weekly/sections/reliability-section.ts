import type { TelemetryWeeklyReply } from '@vantage/contracts';
import { ratio, splitDaily } from '../figures';
import type { ReliabilitySection } from '../report-model';

/** The reliability section from telemetry's weekly answer; null when its shape is not the contract's. */
export function reliabilitySection(
  reply: TelemetryWeeklyReply,
  from: Date,
): ReliabilitySection | null {
  const { current, previous } = reply;
  if (!isFigures(current) || !isFigures(previous)) return null;
  return {
    requests: { current: current.requests, previous: previous.requests },
    errors: { current: current.errors, previous: previous.errors },
    errorRate: {
      current: ratio(current.errors, current.requests),
      previous: ratio(previous.errors, previous.requests),
    },
    topErrors: (reply.topErrors ?? [])
      .slice()
      .sort((a, b) => b.count - a.count)
      .slice(0, 10)
      .map(({ service, error, count }) => ({ service, error, count })),
    slos: (reply.slos ?? []).map((slo) => ({
      name: slo.name,
      service: slo.service,
      objective: slo.objective,
      attained: slo.attained,
      errorBudgetRemaining: slo.errorBudgetRemaining,
      state: slo.state,
    })),
    forecast: reply.forecast
      ? {
          from: reply.forecast.from,
          to: reply.forecast.to,
          expected: reply.forecast.expected,
          lower: reply.forecast.lower,
          upper: reply.forecast.upper,
          confidence: reply.forecast.confidence,
        }
      : null,
    dailyErrorRate: splitDaily(reply.dailyErrorRate ?? [], from),
  };
}

function isFigures(value: unknown): value is { requests: number; errors: number } {
  const figures = value as { requests?: unknown; errors?: unknown } | null;
  return (
    typeof figures?.requests === 'number' &&
    typeof figures.errors === 'number' &&
    Number.isFinite(figures.requests) &&
    Number.isFinite(figures.errors)
  );
}
