import type { BadInputCase } from './bad-input-case';
import { planCallers } from './rate-budget';

function cases(count: number, shape: Partial<BadInputCase>): BadInputCase[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `case ${shape.auth ?? 'token'} ${shape.expensive ? 'expensive' : ''} ${i}`,
    kind: 'wrong-type',
    operationId: 'op',
    method: 'POST',
    path: '/x',
    headers: {},
    body: '{}',
    auth: 'token',
    expensive: false,
    htmlPage: false,
    ...shape,
  }));
}

describe('planCallers', () => {
  const budget = { perOrg: 10, expensivePerOrg: 2, perAnonymousAddress: 4 };

  it('uses enough orgs for the general and the expensive budget, whichever needs more', () => {
    expect(planCallers(cases(25, {}), budget).orgCount).toBe(3);
    expect(planCallers([...cases(5, {}), ...cases(7, { expensive: true })], budget).orgCount).toBe(
      4,
    );
  });

  it('keeps every org and address within its budget', () => {
    const all = [...cases(25, {}), ...cases(7, { expensive: true }), ...cases(9, { auth: 'none' })];
    const plan = planCallers(all, budget);
    const count = (kind: string, index: number, expensive?: boolean): number =>
      plan.slots.filter(
        (s, i) =>
          s.kind === kind &&
          s.index === index &&
          (expensive === undefined || all[i]?.expensive === expensive),
      ).length;
    for (let org = 0; org < plan.orgCount; org++) {
      expect(count('org', org)).toBeLessThanOrEqual(budget.perOrg);
      expect(count('org', org, true)).toBeLessThanOrEqual(budget.expensivePerOrg);
    }
    expect(plan.addressCount).toBe(3);
    for (let address = 0; address < plan.addressCount; address++) {
      expect(count('address', address)).toBeLessThanOrEqual(budget.perAnonymousAddress);
    }
  });

  it('sends anonymous cases from addresses and authenticated ones from orgs', () => {
    const plan = planCallers(
      [...cases(1, { auth: 'none' }), ...cases(1, { auth: 'apiKey' })],
      budget,
    );
    expect(plan.slots.map((s) => s.kind)).toEqual(['address', 'org']);
  });
});
