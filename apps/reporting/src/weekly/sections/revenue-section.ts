import type { RevenueMetricsDto, RevenuePeriodDto } from '@vantage/contracts';
import type { RevenueSection } from '../report-model';

/**
 * The revenue section from billing's weekly revenue metrics: the last period is the report's
 * week, the one before it the week before; MRR of every period draws the trend. null when the
 * answer does not hold two weeks (a contract mismatch is logged by the caller as no data).
 */
export function revenueSection(metrics: RevenueMetricsDto): RevenueSection | null {
  const periods = Array.isArray(metrics.periods) ? metrics.periods.filter(isPeriod) : [];
  const current = periods.at(-1);
  const previous = periods.at(-2);
  if (!current || !previous || typeof metrics.currency !== 'string') return null;
  return {
    currency: metrics.currency,
    mrr: { current: current.mrr, previous: previous.mrr },
    arr: { current: current.arr, previous: previous.arr },
    newSubscriptions: { current: current.newCustomers, previous: previous.newCustomers },
    churned: { current: current.churnedCustomers, previous: previous.churnedCustomers },
    churnRate: { current: current.customerChurnRate, previous: previous.customerChurnRate },
    failedPayments: { current: current.failedPayments, previous: previous.failedPayments },
    weeklyMrr: periods.map((period) => ({ week: period.start, mrr: period.mrr })),
  };
}

function isPeriod(period: RevenuePeriodDto): boolean {
  return (
    typeof period === 'object' &&
    period !== null &&
    [
      period.mrr,
      period.arr,
      period.newCustomers,
      period.churnedCustomers,
      period.failedPayments,
    ].every((value) => typeof value === 'number' && Number.isFinite(value))
  );
}
