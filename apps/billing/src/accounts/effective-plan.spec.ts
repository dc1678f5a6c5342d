import type { CurrentSubscription } from './billing-account.schema';
import { chooseSubscription, effectivePlan } from './effective-plan';

function subscription(fields: Partial<CurrentSubscription> = {}): CurrentSubscription {
  return {
    id: 'sub_1',
    customerId: 'cus_1',
    orgIdHint: null,
    status: 'active',
    plan: 'pro',
    interval: 'month',
    quantity: 1,
    currency: 'usd',
    items: [],
    discounts: [],
    created: 100,
    currentPeriodEnd: null,
    cancelAtPeriodEnd: false,
    cancelAt: null,
    canceledAt: null,
    endedAt: null,
    trialEnd: null,
    version: { asOf: 100, rank: 0 },
    ...fields,
  };
}

describe('effectivePlan', () => {
  it.each([
    ['active', 'pro'],
    ['trialing', 'pro'],
    ['past_due', 'pro'],
    ['unpaid', 'free'],
    ['canceled', 'free'],
    ['incomplete', 'free'],
  ] as const)('a %s subscription gives %s', (status, plan) => {
    expect(effectivePlan({ subscription: subscription({ status }), dunning: null })).toBe(plan);
  });

  it('is free once the grace period of a failed payment ran out', () => {
    const dunning = {
      invoiceId: 'in_1',
      since: new Date(0),
      graceEndsAt: new Date(1),
      downgradedAt: new Date(2),
    };
    expect(effectivePlan({ subscription: subscription(), dunning })).toBe('free');
    expect(
      effectivePlan({ subscription: subscription(), dunning: { ...dunning, downgradedAt: null } }),
    ).toBe('pro');
  });

  it('is free for a price of no plan of ours', () => {
    expect(effectivePlan({ subscription: subscription({ plan: null }), dunning: null })).toBe(
      'free',
    );
  });
});

describe('chooseSubscription', () => {
  it('keeps the newer state of the same subscription, whatever the arrival order', () => {
    const created = subscription({ status: 'incomplete', version: { asOf: 100, rank: 0 } });
    const updated = subscription({ status: 'active', version: { asOf: 100, rank: 1 } });
    const deleted = subscription({ status: 'canceled', version: { asOf: 200, rank: 2 } });

    expect(chooseSubscription(updated, created)).toBe(updated);
    expect(chooseSubscription(deleted, updated)).toBe(deleted);
    expect(chooseSubscription(created, updated)).toBe(updated);
  });

  it('prefers a live subscription, then the one created later', () => {
    const old = subscription({ id: 'sub_old', status: 'canceled', created: 50 });
    const successor = subscription({ id: 'sub_new', status: 'active', created: 150 });

    expect(chooseSubscription(successor, old)).toBe(successor);
    expect(chooseSubscription(old, successor)).toBe(successor);
    expect(
      chooseSubscription(
        subscription({ id: 'a', created: 1 }),
        subscription({ id: 'b', created: 2 }),
      ).id,
    ).toBe('b');
  });
});
