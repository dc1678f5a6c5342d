import type { BillingInterval, PaidPlan, Plan } from '@vantage/contracts';
import { PAID_PLANS } from '@vantage/contracts';
import type { BillingConfig } from '../config/billing.config';
import { configuredPriceIds, priceVariableOf } from './configured-prices';

export interface PlanPrice {
  readonly plan: PaidPlan;
  readonly interval: BillingInterval;
}

/** The lookup keys tools/billing/seed-stripe.ts gives the prices it creates. */
export function priceLookupKey(plan: PaidPlan, interval: BillingInterval): string {
  return `vantage_${plan}_${interval === 'month' ? 'monthly' : 'yearly'}`;
}

/**
 * Which Stripe price sells which plan: the configured price ids first, then the seed's lookup
 * keys (a price created by the seed in another environment still names its plan).
 */
export class PriceCatalog {
  private readonly byPriceId = new Map<string, PlanPrice>();
  private readonly byLookupKey = new Map<string, PlanPrice>();

  constructor(private readonly priceIds: Readonly<Record<string, string>>) {
    for (const plan of PAID_PLANS) {
      for (const interval of ['month', 'year'] as const) {
        const id = priceIds[priceVariableOf(plan, interval)];
        if (id) this.byPriceId.set(id, { plan, interval });
        this.byLookupKey.set(priceLookupKey(plan, interval), { plan, interval });
      }
    }
  }

  static fromConfig(config: BillingConfig): PriceCatalog {
    return new PriceCatalog(configuredPriceIds(config));
  }

  /** The configured price of a plan, or null when none is configured. */
  priceIdOf(plan: PaidPlan, interval: BillingInterval): string | null {
    return this.priceIds[priceVariableOf(plan, interval)] || null;
  }

  /** The plan a Stripe price sells, or null for a price that is none of ours. */
  planOf(price: { id: string; lookup_key?: string | null }): Plan | null {
    const known =
      this.byPriceId.get(price.id) ??
      (price.lookup_key ? this.byLookupKey.get(price.lookup_key) : undefined);
    return known?.plan ?? null;
  }
}
