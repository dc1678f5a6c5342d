import {
  ALERT_PATTERNS,
  EXPERIMENT_PATTERNS,
  FORMULA_PATTERNS,
  type FormulaDiagnosticError,
  type FormulaValidationDto,
  type IngestResultDto,
  RAD_SET_PATTERNS,
  type RadSetDto,
  TRAFFIC_INGEST_PATTERN,
} from '@vantage/contracts';
import {
  connectClient,
  OrgMessenger,
  startTestService,
  type TestService,
} from '@vantage/service-runtime/testing';
import type { RedisStreamsClient } from '@vantage/transport';
import { BucketFlusher } from '../src/buckets/bucket-flusher';
import { BucketReader } from '../src/buckets/bucket-reader';
import { trafficMonitorService } from '../src/service-definition';
import { seedBuckets } from './support/bucket-seeder';
import { HANG_LIMIT_MS, runInWorker } from './support/hang-check';
import {
  BACKTRACKING_GLOB,
  LEXER_INPUT,
  LONG_EVENT_ID,
  type StallExploitName,
} from './support/stall-exploits';

const HOUR = 3_600_000;
/** Ten `*`: over the cap of eight. */
const TOO_MANY_WILDCARDS = `${'*a'.repeat(9)}*Z`;

describe('hostile input never stalls the event loop', () => {
  describe(`each exploit returns within ${HANG_LIMIT_MS} ms in a worker thread`, () => {
    const cases: [StallExploitName, unknown][] = [
      ['formula lexer on a number glued to 40 letters and an underscore', false],
      ['the glob matcher of @vantage/formula', false],
      ['the RAD-set classifier', null],
      ['the bucket series filter (pending counts)', false],
      ['the status alert condition', false],
      ['a formula over the in-memory source with eventId="*a*a*a*a*a*a*Z"', [0]],
      // Refused by the wildcard cap before anything is matched.
      ['a formula with eventId="*a*a*…*Z" (40 wildcards)', false],
    ];

    it.each(cases)('%s', async (name, answer) => {
      expect(await runInWorker(name)).toEqual({ returned: true, value: answer });
    });
  });

  describe('over the transport', () => {
    let service: TestService;
    let client: RedisStreamsClient;
    let org: OrgMessenger;

    beforeAll(async () => {
      service = await startTestService(trafficMonitorService);
      client = await connectClient(service, 'traffic-monitor');
    });

    beforeEach(() => {
      org = new OrgMessenger(client);
    });

    afterAll(async () => {
      await client?.close();
      await service?.close();
    });

    it('answers the formula that froze the lexer, and still hints durations', async () => {
      const [hostile, duration] = await Promise.all([
        org.send<FormulaValidationDto>(FORMULA_PATTERNS.validate, { expression: LEXER_INPUT }),
        org.send<FormulaValidationDto>(FORMULA_PATTERNS.validate, { expression: '1d12h' }),
      ]);

      expect(hostile.valid).toBe(false);
      expect(hostile.diagnostics).toEqual([
        expect.objectContaining({
          code: 'invalid_number',
          hint: expect.stringContaining('a number is digits'),
        }),
      ]);
      expect(duration.diagnostics).toEqual([
        expect.objectContaining({
          code: 'invalid_number',
          hint: 'durations are strings: write shift="1d12h"',
        }),
      ]);
    });

    it('refuses a glob with more than eight wildcards with 400, wherever a glob is taken', async () => {
      const [radSet, alertRule, experiment, formula] = await Promise.all([
        org.failure(RAD_SET_PATTERNS.create, {
          name: 'Hostile',
          pattern: TOO_MANY_WILDCARDS,
          colour: '#000000',
        }),
        org.failure(ALERT_PATTERNS.rulesCreate, {
          name: 'Hostile',
          condition: { kind: 'status', statuses: ['CRITICAL'], eventIdGlob: TOO_MANY_WILDCARDS },
        }),
        org.failure(EXPERIMENT_PATTERNS.create, {
          key: 'hostile',
          variants: [
            { name: 'control', weight: 50 },
            { name: 'treatment', weight: 50 },
          ],
          controlVariant: 'control',
          impressionEventGlob: TOO_MANY_WILDCARDS,
        }),
        org.failure(FORMULA_PATTERNS.execute, {
          expression: `count(eventId="${TOO_MANY_WILDCARDS}")`,
          from: new Date(Date.now() - HOUR).toISOString(),
          to: new Date().toISOString(),
        }),
      ]);

      for (const [refused, field] of [
        [radSet, 'pattern'],
        [alertRule, 'condition.eventIdGlob'],
        [experiment, 'impressionEventGlob'],
      ] as const) {
        expect(refused).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
        expect(refused.errors).toContainEqual(
          expect.objectContaining({ field, message: expect.stringContaining('at most 8 "*"') }),
        );
      }
      expect(formula.status).toBe(400);
      expect((formula.errors as FormulaDiagnosticError[])[0]).toMatchObject({
        code: 'bad_argument_value',
        message: expect.stringContaining('at most 8 "*"'),
      });
    });

    it('matches a backtracking glob within the cap against 200-character ids, pending and stored', async () => {
      const matching = `${LONG_EVENT_ID.slice(1)}Z`;
      const set = await org.send<RadSetDto>(RAD_SET_PATTERNS.create, {
        name: 'Backtracking',
        pattern: BACKTRACKING_GLOB,
        colour: '#000000',
      });
      const now = Date.now();
      const ingested = await org.send<IngestResultDto>(TRAFFIC_INGEST_PATTERN, {
        events: [
          { eventId: LONG_EVENT_ID, timestamp: now, count: 3 },
          { eventId: matching, timestamp: now, count: 2 },
        ],
      });
      const query = {
        orgId: org.orgId,
        resolution: 'minute' as const,
        from: new Date(now - HOUR),
        to: new Date(now + HOUR),
        eventIdGlob: set.pattern,
      };
      const reader = service.app.get(BucketReader);

      const pending = await reader.totalsByEventId(query);
      await service.app.get(BucketFlusher).flushNow();
      const stored = await reader.totalsByEventId(query);

      expect(ingested).toMatchObject({ accepted: 2 });
      expect(pending).toEqual([{ eventId: matching, count: 2 }]);
      expect(stored).toEqual([{ eventId: matching, count: 2 }]);
    });

    it('reads by the literal prefix of a glob and matches the rest exactly', async () => {
      const start = new Date(Math.floor(Date.now() / HOUR) * HOUR - 2 * HOUR);
      const ids = [
        'shop.cart.view',
        'shop.cart.view.more',
        'shop.cart',
        'shop.cartz.view',
        'shop.car',
        'shopx.cart.view',
        'a.shop.cart.view',
        'shop.cart.vie',
      ];
      await seedBuckets(
        service.app,
        org.orgId,
        'hour',
        ids.map((eventId, index) => ({ eventId, start, count: index + 1 })),
      );
      const totals = (eventIdGlob: string) =>
        service.app.get(BucketReader).totalsByEventId({
          orgId: org.orgId,
          resolution: 'hour',
          from: start,
          to: new Date(start.getTime() + HOUR),
          eventIdGlob,
        });
      const idsOf = async (glob: string) =>
        (await totals(glob)).map((total) => total.eventId).sort();

      expect(await idsOf('shop.cart.*')).toEqual([
        'shop.cart.vie',
        'shop.cart.view',
        'shop.cart.view.more',
      ]);
      expect(await idsOf('shop.cart.view')).toEqual(['shop.cart.view']);
      expect(await idsOf('shop.car?.*')).toEqual([
        'shop.cart.vie',
        'shop.cart.view',
        'shop.cart.view.more',
      ]);
      expect(await idsOf('*.cart.view')).toEqual([
        'a.shop.cart.view',
        'shop.cart.view',
        'shopx.cart.view',
      ]);
      expect(await idsOf('shop.cart*vie?')).toEqual(['shop.cart.view', 'shop.cartz.view']);
      expect(await idsOf('*')).toEqual([...ids].sort());
    });
  });
});
