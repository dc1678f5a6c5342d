import {
  BILLING_INTERVALS,
  type BillingInterval,
  PAID_PLANS,
  type PaidPlan,
  standInPriceId,
} from '@vantage/contracts';
import type { BillingConfig } from '../config/billing.config';

/** The variable of billing's configuration that names the Stripe price of a plan and interval. */
export function priceVariableOf(plan: PaidPlan, interval: BillingInterval): string {
  return `STRIPE_PRICE_${plan.toUpperCase()}_${interval === 'month' ? 'MONTHLY' : 'YEARLY'}`;
}

type PriceSettings = Pick<
  BillingConfig,
  | 'NODE_ENV'
  | 'STRIPE_API_URL'
  | 'STRIPE_PRICE_PRO_MONTHLY'
  | 'STRIPE_PRICE_PRO_YEARLY'
  | 'STRIPE_PRICE_ENTERPRISE_MONTHLY'
  | 'STRIPE_PRICE_ENTERPRISE_YEARLY'
>;

/**
 * The price id of each plan and interval by its variable ('' for none): the configured one;
 * else, outside production against a Stripe stand-in (STRIPE_API_URL: stripe-mock, which takes
 * any price id), the stand-in price, so that `npm start` and the e2e system sell every plan
 * without a seed. Real Stripe knows only the prices created there (npm run billing:seed).
 */
export function configuredPriceIds(config: PriceSettings): Record<string, string> {
  const standIn = config.NODE_ENV !== 'production' && config.STRIPE_API_URL !== '';
  const configured: Readonly<Record<string, string>> = {
    STRIPE_PRICE_PRO_MONTHLY: config.STRIPE_PRICE_PRO_MONTHLY,
    STRIPE_PRICE_PRO_YEARLY: config.STRIPE_PRICE_PRO_YEARLY,
    STRIPE_PRICE_ENTERPRISE_MONTHLY: config.STRIPE_PRICE_ENTERPRISE_MONTHLY,
    STRIPE_PRICE_ENTERPRISE_YEARLY: config.STRIPE_PRICE_ENTERPRISE_YEARLY,
  };
  const ids: Record<string, string> = {};
  for (const plan of PAID_PLANS) {
    for (const interval of BILLING_INTERVALS) {
      const variable = priceVariableOf(plan, interval);
      ids[variable] = configured[variable] || (standIn ? standInPriceId(plan, interval) : '');
    }
  }
  return ids;
}
