import {
  ALERT_PATTERNS,
  type ErrorPayload,
  EXPERIMENT_PATTERNS,
  FORMULA_PATTERNS,
  type Plan,
  RAD_SET_PATTERNS,
} from '@vantage/contracts';
import {
  connectClient,
  newOrgId,
  OrgMessenger,
  startTestService,
  type TestService,
} from '@vantage/service-runtime/testing';
import { RedisStreamsClient } from '@vantage/transport';
import { sendTogether } from '@vantage/transport/testing';
import { trafficMonitorService } from '../src/service-definition';

/** Creations sent at once against a cap of 3: a count-then-insert lets them all through. */
const CONCURRENT = 10;

interface CappedCase {
  readonly resource: string;
  readonly label: string;
  readonly create: string;
  readonly body: (n: number) => Record<string, unknown>;
  readonly count: (org: OrgMessenger) => Promise<number>;
  /** What the org has before its first creation. */
  readonly preexisting: number;
}

const CASES: readonly CappedCase[] = [
  {
    resource: 'radSets',
    label: 'RAD sets',
    create: RAD_SET_PATTERNS.create,
    body: (n) => ({ name: `Set ${n}`, pattern: `shop.${n}.*`, colour: '#112233' }),
    count: async (org) =>
      (await org.send<{ items: unknown[] }>(RAD_SET_PATTERNS.list)).items.length,
    preexisting: 0,
  },
  {
    resource: 'savedFormulas',
    label: 'saved formulas',
    create: FORMULA_PATTERNS.savedCreate,
    body: (n) => ({ name: `Formula ${n}`, expression: 'count(eventId="shop.checkout")' }),
    count: async (org) =>
      (await org.send<{ total: number }>(FORMULA_PATTERNS.savedList, { pageSize: 100 })).total,
    preexisting: 0,
  },
  {
    resource: 'experiments',
    label: 'experiments',
    create: EXPERIMENT_PATTERNS.create,
    body: (n) => ({
      key: `exp-${n}`,
      variants: [
        { name: 'control', weight: 50 },
        { name: 'treatment', weight: 50 },
      ],
      controlVariant: 'control',
      impressionEventGlob: 'shop.*.impression',
    }),
    count: async (org) =>
      (await org.send<{ items: unknown[] }>(EXPERIMENT_PATTERNS.list)).items.length,
    preexisting: 0,
  },
  {
    resource: 'alertRules',
    label: 'alert rules',
    create: ALERT_PATTERNS.rulesCreate,
    body: (n) => ({
      name: `Rule ${n}`,
      condition: { kind: 'status', statuses: ['CRITICAL'], eventIdGlob: `shop.${n}.*` },
    }),
    count: async (org) =>
      (await org.send<{ items: unknown[] }>(ALERT_PATTERNS.rulesList)).items.length,
    preexisting: 0,
  },
];

/** Each create answered: 'created', or the error payload it failed with. */
function createAll(
  org: OrgMessenger,
  testCase: CappedCase,
  numbers: readonly number[],
): Promise<('created' | ErrorPayload)[]> {
  return sendTogether(numbers.length, (i) =>
    org.send(testCase.create, testCase.body(numbers[i] as number)),
  );
}

describe('per-org caps by plan', () => {
  let service: TestService;
  let client: RedisStreamsClient;

  const messenger = (plan?: Plan) => new OrgMessenger(client, newOrgId(), undefined, plan);

  beforeAll(async () => {
    service = await startTestService(trafficMonitorService, {
      env: {
        ALERT_EVALUATION_INTERVAL_MS: '0',
        // Small caps keep the test short; pro's differ so the plan is seen to count.
        ORG_CAPS: [
          'radSets.free=3,radSets.pro=5',
          'savedFormulas.free=3,savedFormulas.pro=5',
          'experiments.free=3,experiments.pro=5',
          'alertRules.free=3,alertRules.pro=5',
        ].join(','),
      },
    });
    client = await connectClient(service, 'traffic-monitor', { requestTimeoutMs: 30_000 });
  });

  afterAll(async () => {
    await client?.close();
    await service?.close();
  });

  describe.each(CASES)('$label', (testCase) => {
    const numbers = Array.from({ length: CONCURRENT }, (_, n) => n);

    it('lets exactly the cap through when creations arrive together, and names the limit', async () => {
      const org = messenger('free');
      const outcomes = await createAll(org, testCase, numbers);

      const created = outcomes.filter((outcome) => outcome === 'created');
      expect(created).toHaveLength(3);
      expect(await testCase.count(org)).toBe(3 + testCase.preexisting);
      const refusals = outcomes.filter((outcome) => outcome !== 'created');
      expect(refusals).toHaveLength(CONCURRENT - 3);
      for (const refusal of refusals) {
        expect(refusal).toMatchObject({
          code: 'PLAN_LIMIT_REACHED',
          status: 409,
          message: expect.stringContaining(
            `free plan allows at most ${3 + testCase.preexisting} ${testCase.label}`,
          ),
        });
      }
    });

    it("sizes the cap by the plan on the message's envelope", async () => {
      const pro = messenger('pro');
      const outcomes = await createAll(pro, testCase, numbers);
      expect(outcomes.filter((outcome) => outcome === 'created')).toHaveLength(5);
    });

    it('gives a message without a plan the free allowance', async () => {
      const unknown = messenger();
      const outcomes = await createAll(unknown, testCase, numbers);
      expect(outcomes.filter((outcome) => outcome === 'created')).toHaveLength(3);
    });

    it('makes room again when one is deleted', async () => {
      const org = messenger('free');
      await createAll(org, testCase, [0, 1, 2]);
      expect((await createAll(org, testCase, [3]))[0]).toMatchObject({
        code: 'PLAN_LIMIT_REACHED',
      });
      await deleteOne(org, testCase);
      expect(await createAll(org, testCase, [4])).toEqual(['created']);
    });
  });

  it('refuses the four example RAD sets with 409 when the plan has room for fewer, adding none', async () => {
    const org = messenger('free');
    await createAll(org, CASES[0] as CappedCase, [0]);

    const refused = await org.failure(RAD_SET_PATTERNS.addExamples);

    expect(refused).toMatchObject({
      status: 409,
      code: 'PLAN_LIMIT_REACHED',
      message: expect.stringContaining('free plan allows at most 3 RAD sets'),
    });
    expect((await org.send<{ items: unknown[] }>(RAD_SET_PATTERNS.list)).items).toHaveLength(1);
  });
});

/** Deletes one item the org created. */
async function deleteOne(org: OrgMessenger, testCase: CappedCase): Promise<void> {
  switch (testCase.resource) {
    case 'radSets': {
      const { items } = await org.send<{ items: { id: string }[] }>(RAD_SET_PATTERNS.list);
      await org.send(RAD_SET_PATTERNS.delete, { id: items[0]?.id });
      return;
    }
    case 'savedFormulas': {
      const { items } = await org.send<{ items: { id: string }[] }>(FORMULA_PATTERNS.savedList);
      await org.send(FORMULA_PATTERNS.savedDelete, { id: items[0]?.id });
      return;
    }
    case 'experiments': {
      const { items } = await org.send<{ items: { key: string }[] }>(EXPERIMENT_PATTERNS.list);
      await org.send(EXPERIMENT_PATTERNS.delete, { key: items[0]?.key });
      return;
    }
    default: {
      const { items } = await org.send<{ items: { id: string }[] }>(ALERT_PATTERNS.rulesList);
      await org.send(ALERT_PATTERNS.rulesDelete, { id: items[0]?.id });
    }
  }
}
