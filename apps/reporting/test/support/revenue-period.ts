import type { RevenuePeriodDto } from '@vantage/contracts';

/** A revenue period whose figures are all zero but for `fields`: fixtures name only what matters. */
export function revenuePeriod(start: string, fields: Partial<RevenuePeriodDto>): RevenuePeriodDto {
  return {
    start,
    end: start,
    startingMrr: 0,
    mrr: 0,
    arr: 0,
    newMrr: 0,
    expansionMrr: 0,
    contractionMrr: 0,
    churnedMrr: 0,
    netNewMrr: 0,
    startingCustomers: 0,
    customers: 0,
    newCustomers: 0,
    churnedCustomers: 0,
    customerChurnRate: null,
    revenueChurnRate: null,
    activeSubscriptions: { pro: 0, enterprise: 0, other: 0 },
    trialing: 0,
    pastDue: 0,
    failedPayments: 0,
    revenueCollected: 0,
    ...fields,
  };
}
