import { PLANS, type Plan } from '@vantage/contracts';

/** What an organisation holds a bounded number of, by plan. */
export const CAPPED_RESOURCES = [
  'radSets',
  'savedFormulas',
  'experiments',
  'alertRules',
  'series',
] as const;
export type CappedResource = (typeof CAPPED_RESOURCES)[number];

export type PlanCaps = Readonly<Record<CappedResource, Readonly<Record<Plan, number>>>>;

/** How the limit is named to the client. */
export const CAPPED_RESOURCE_LABELS: Readonly<Record<CappedResource, string>> = {
  radSets: 'RAD sets',
  savedFormulas: 'saved formulas',
  experiments: 'experiments',
  alertRules: 'alert rules',
  series: 'series',
};

/**
 * Free: enough to try every feature, small enough that a throwaway sign-up cannot make the
 * alert evaluator or the catalogue do much work. Pro 10x. Enterprise 100x, except alert rules
 * (1,000: each is evaluated every minute) and series (10,000: the most the weekly report and
 * the catalogue reads are sized for).
 */
export const DEFAULT_PLAN_CAPS: PlanCaps = {
  radSets: { free: 20, pro: 200, enterprise: 2000 },
  savedFormulas: { free: 50, pro: 500, enterprise: 5000 },
  experiments: { free: 10, pro: 100, enterprise: 1000 },
  alertRules: { free: 20, pro: 200, enterprise: 1000 },
  series: { free: 200, pro: 2000, enterprise: 10_000 },
};

const MAX_CAP = 10_000_000;

/**
 * `ORG_CAPS`: overrides of the defaults as `<resource>.<plan>=<n>,...`, e.g.
 * `radSets.free=5,series.enterprise=50000`; what it does not name keeps its default.
 */
export function parsePlanCaps(spec: string): PlanCaps {
  const caps = Object.fromEntries(
    CAPPED_RESOURCES.map((resource) => [resource, { ...DEFAULT_PLAN_CAPS[resource] }]),
  ) as Record<CappedResource, Record<Plan, number>>;
  for (const entry of spec.split(',').map((part) => part.trim())) {
    if (entry === '') continue;
    const [key = '', value = ''] = entry.split('=').map((part) => part.trim());
    const [resource, plan] = key.split('.');
    if (!isCappedResource(resource)) {
      throw new Error(`unknown resource in "${entry}" (${CAPPED_RESOURCES.join(', ')})`);
    }
    if (!PLANS.includes(plan as Plan)) {
      throw new Error(`unknown plan in "${entry}" (${PLANS.join(', ')})`);
    }
    const limit = /^\d{1,8}$/.test(value) ? Number(value) : NaN;
    if (!(limit >= 0 && limit <= MAX_CAP)) {
      throw new Error(`"${entry}" needs a whole number from 0 to ${MAX_CAP}`);
    }
    caps[resource][plan as Plan] = limit;
  }
  return caps;
}

function isCappedResource(value: unknown): value is CappedResource {
  return (CAPPED_RESOURCES as readonly unknown[]).includes(value);
}
