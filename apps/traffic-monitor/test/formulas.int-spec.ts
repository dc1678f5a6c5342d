import {
  type FieldError,
  FORMULA_PATTERNS,
  type FormulaDiagnosticError,
  type FormulaExampleListDto,
  type FormulaFunctionListDto,
  type FormulaLimitFieldError,
  type FormulaSeriesDto,
  type FormulaSuggestionListDto,
  type FormulaValidationDto,
  type SavedFormulaDto,
  type SavedFormulaListDto,
  ValidationFailedError,
} from '@vantage/contracts';
import {
  connectClient,
  OrgMessenger,
  startTestService,
  type TestService,
} from '@vantage/service-runtime/testing';
import type { RedisStreamsClient } from '@vantage/transport';
import type { BucketResolution, EventDimensions } from '../src/buckets/bucket-query';
import { FormulaRunner } from '../src/formulas/formula-runner';
import { trafficMonitorService } from '../src/service-definition';
import { seedBuckets, type SeedCount } from './support/bucket-seeder';
import { bucketFinds, storeCallsDuring } from './support/store-calls';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

const CLICK = 'app.home.feed_click';
const WEB_CLICK = 'web.feed_click';
const NOT_A_CLICK = 'app.home.feed_click_extra';
const IMPRESSION = 'app.home.feed_impression';

/** A UTC midnight three days ago: inside every retention, never the open (pending) day. */
const D = Math.floor(Date.now() / DAY) * DAY - 3 * DAY;
/** The same day one week earlier. */
const W = D - 7 * DAY;
/** A day past the 14-day minute retention, still inside the hour retention. */
const OLD = D - 20 * DAY;

const iso = (ms: number): string => new Date(ms).toISOString();
const at = (base: number, hours: number, minutes = 0): number =>
  base + hours * HOUR + minutes * MINUTE;

interface MinuteCount {
  readonly eventId: string;
  readonly at: number;
  readonly count: number;
  readonly dimensions?: EventDimensions;
}

/**
 * Seeds per-minute counts into the minute, hour and day buckets alike, as ingestion leaves
 * them, so a formula reads the same events whatever resolution it picks.
 */
async function seedEverywhere(
  service: TestService,
  orgId: string,
  counts: readonly MinuteCount[],
): Promise<void> {
  const widths: Record<BucketResolution, number> = { minute: MINUTE, hour: HOUR, day: DAY };
  for (const resolution of ['minute', 'hour', 'day'] as const) {
    const rows = new Map<string, SeedCount>();
    for (const count of counts) {
      const start = Math.floor(count.at / widths[resolution]) * widths[resolution];
      const key = JSON.stringify([count.eventId, count.dimensions ?? {}, start]);
      const previous = rows.get(key)?.count ?? 0;
      rows.set(key, {
        eventId: count.eventId,
        start: new Date(start),
        count: previous + count.count,
        ...(count.dimensions ? { dimensions: count.dimensions } : {}),
      });
    }
    await seedBuckets(service.app, orgId, resolution, [...rows.values()]);
  }
}

/** Clicks and impressions on day D, the same event a week earlier, and an old day. */
const TRAFFIC: readonly MinuteCount[] = [
  // Hour 0: 10 clicks (4 + 6), 100 impressions.
  { eventId: CLICK, at: at(D, 0, 5), count: 4 },
  { eventId: CLICK, at: at(D, 0, 35), count: 6 },
  { eventId: IMPRESSION, at: at(D, 0, 20), count: 100 },
  // Not matched by *.feed_click: the glob is anchored at the end.
  { eventId: NOT_A_CLICK, at: at(D, 0, 0), count: 1000 },
  // Hour 1: 25 clicks over two event ids (20 + 5), 500 impressions.
  { eventId: CLICK, at: at(D, 1, 10), count: 20, dimensions: { region: 'eu' } },
  { eventId: WEB_CLICK, at: at(D, 1, 50), count: 5 },
  { eventId: IMPRESSION, at: at(D, 1, 0), count: 500 },
  // Hour 2: 30 clicks, no impression.
  { eventId: CLICK, at: at(D, 2, 0), count: 30 },
  // One week earlier: 333 events in the day.
  { eventId: IMPRESSION, at: at(W, 5, 0), count: 200 },
  { eventId: IMPRESSION, at: at(W, 23, 59), count: 100 },
  { eventId: 'other.event', at: at(W, 12, 30), count: 33 },
  // Twenty days earlier: minute buckets are past retention there.
  { eventId: 'old.event', at: at(OLD, 0, 3), count: 7 },
];

describe('formulas over the transport', () => {
  let service: TestService;
  let client: RedisStreamsClient;
  let org: OrgMessenger;
  let otherOrg: OrgMessenger;

  const execute = (
    messenger: OrgMessenger,
    expression: string,
    from: number,
    to: number,
    intervalMs?: number,
  ) =>
    messenger.send<FormulaSeriesDto>(FORMULA_PATTERNS.execute, {
      expression,
      from: iso(from),
      to: iso(to),
      ...(intervalMs === undefined ? {} : { intervalMs }),
    });
  const executeFailure = (expression: string, from: number, to: number, intervalMs?: number) =>
    org.failure(FORMULA_PATTERNS.execute, {
      expression,
      from: iso(from),
      to: iso(to),
      ...(intervalMs === undefined ? {} : { intervalMs }),
    });
  const values = (series: FormulaSeriesDto) => series.points.map((point) => point.value);

  beforeAll(async () => {
    service = await startTestService(trafficMonitorService);
    client = await connectClient(service, 'traffic-monitor');
    org = new OrgMessenger(client);
    otherOrg = new OrgMessenger(client);
    await seedEverywhere(service, org.orgId, TRAFFIC);
    // The other organisation's traffic must never show up in the first one's results.
    await seedEverywhere(service, otherOrg.orgId, [
      { eventId: CLICK, at: at(D, 0, 1), count: 999 },
    ]);
  });

  afterAll(async () => {
    await client?.close();
    await service?.close();
  });

  describe('execute', () => {
    it('computes an hourly click-through rate from hour buckets, undefined without impressions', async () => {
      const series = await execute(
        org,
        'count(eventId="*.feed_click") / count(eventId="*.feed_impression") * 100',
        D,
        at(D, 3),
        HOUR,
      );

      expect(series).toMatchObject({ from: iso(D), to: iso(at(D, 3)), intervalMs: HOUR });
      expect(series.points.map((point) => point.timestamp)).toEqual([
        iso(D),
        iso(at(D, 1)),
        iso(at(D, 2)),
      ]);
      expect(values(series)).toEqual([10, 5, null]);
    });

    it('computes the same rate in 30-minute points from minute buckets', async () => {
      const series = await execute(
        org,
        'count(eventId="*.feed_click") / count(eventId="*.feed_impression") * 100',
        D,
        at(D, 2),
        30 * MINUTE,
      );

      // Clicks 4, 6, 20, 5 against impressions 100, 0, 500, 0.
      expect(values(series)).toEqual([4, null, 4, null]);
    });

    it('compares a day with the same day a week earlier', async () => {
      const series = await execute(org, 'count() / count(shift="1w")', D, D + DAY, DAY);

      // Day D: 65 clicks + 1000 others + 600 impressions; a week earlier: 333 events.
      expect(values(series)).toEqual([5]);
      const impressions = await execute(
        org,
        'count(eventId="app.home.feed_impression", shift="1w")',
        D,
        D + DAY,
        DAY,
      );
      expect(values(impressions)).toEqual([300]);
    });

    it('filters by dimension and reads the look-back of a moving average', async () => {
      const [average, eu] = await Promise.all([
        execute(
          org,
          'moving_average(count(eventId="app.home.*_click"), window=2)',
          at(D, 1),
          at(D, 3),
          HOUR,
        ),
        execute(org, 'count(region="eu")', D, at(D, 3), HOUR),
      ]);

      // Hourly clicks 10, 20, 30: the first point averages hour 0 (before the range) and hour 1.
      expect(values(average)).toEqual([15, 25]);
      expect(values(eu)).toEqual([0, 20, 0]);
    });

    it('takes per-minute statistics from minute buckets next to hourly counts', async () => {
      const series = await execute(
        org,
        'max(eventId="app.home.feed_click") / count(eventId="app.home.feed_click")',
        D,
        at(D, 3),
        HOUR,
      );

      // The busiest minute of each hour (6, 20, 30) against the hour's clicks (10, 20, 30).
      expect(values(series)).toEqual([0.6, 1, 1]);
    });

    it('answers unknown (null) where the resolution that fits has passed its retention', async () => {
      const [fiveMinutes, hourly] = await Promise.all([
        execute(org, 'count(eventId="old.event")', OLD, at(OLD, 0, 15), 5 * MINUTE),
        execute(org, 'count(eventId="old.event")', OLD, at(OLD, 2), HOUR),
      ]);

      expect(values(fiveMinutes)).toEqual([null, null, null]);
      expect(values(hourly)).toEqual([7, 0]);
    });

    it('picks an interval when none is given', async () => {
      const series = await execute(org, 'count(eventId="*.feed_click")', D, D + DAY);

      expect(series.intervalMs).toBe(5 * MINUTE);
      expect(series.points).toHaveLength(288);
      expect(series.points[1]).toEqual({ timestamp: iso(at(D, 0, 5)), value: 4, partial: false });
      expect(series.requested).toEqual({ from: iso(D), to: iso(D + DAY), intervalMs: null });
    });

    it('answers the requested and the effective range, and marks the points cut by it', async () => {
      const series = await execute(
        org,
        'count(eventId="*.feed_click")',
        at(D, 0, 30),
        at(D, 2, 13),
        HOUR,
      );

      expect(series).toMatchObject({
        requested: { from: iso(at(D, 0, 30)), to: iso(at(D, 2, 13)), intervalMs: HOUR },
        from: iso(D),
        to: iso(at(D, 3)),
        intervalMs: HOUR,
      });
      expect(series.points).toEqual([
        { timestamp: iso(D), value: 10, partial: true },
        { timestamp: iso(at(D, 1)), value: 25, partial: false },
        { timestamp: iso(at(D, 2)), value: 30, partial: true },
      ]);
    });

    it('marks the point of an interval that has not ended yet', async () => {
      const hourStart = Math.floor(Date.now() / HOUR) * HOUR;

      const series = await execute(org, 'count()', hourStart - HOUR, hourStart + HOUR, HOUR);

      expect(series.points.map((point) => point.partial)).toEqual([false, true]);
    });
  });

  describe('reads', () => {
    const bucketFiltersOf = async (run: () => Promise<unknown>) =>
      bucketFinds(await storeCallsDuring(run));

    it('reads a glob as the catalogued event ids it matches, with no pattern on the store', async () => {
      const filters = await bucketFiltersOf(() =>
        execute(org, 'count(eventId="*.feed_click")', D, at(D, 3), HOUR),
      );

      expect(filters.length).toBeGreaterThan(0);
      for (const filter of filters) {
        expect(filter['orgId']).toBe(org.orgId);
        expect(filter['eventId']).toEqual({ $in: [CLICK, WEB_CLICK] });
      }
    });

    it('reads a glob that matches no catalogued event id as the glob (its ids may not be flushed yet)', async () => {
      let series: FormulaSeriesDto | undefined;
      const filters = await bucketFiltersOf(async () => {
        series = await execute(org, 'count(eventId="nothing.like.this.*")', D, at(D, 3), HOUR);
      });

      expect(filters.length).toBeGreaterThan(0);
      for (const filter of filters) {
        expect(filter['eventId']).toEqual({
          $gte: 'nothing.like.this.',
          $lt: 'nothing.like.this/',
        });
      }
      expect(series && values(series)).toEqual([0, 0, 0]);
    });
  });

  describe('errors', () => {
    it('answers a bad formula with 400 and each problem with line, column and hint', async () => {
      const failure = await executeFailure('count()\n  / cuont(eventId="x")', D, D + DAY);

      expect(failure.status).toBe(400);
      expect(failure.message).toMatch(/line 2, column 5/);
      const errors = failure.errors as FormulaDiagnosticError[];
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({
        field: 'expression',
        code: 'unknown_function',
        line: 2,
        column: 5,
        offset: 12,
        length: 5,
        message: expect.stringContaining("did you mean 'count'"),
        hint: expect.any(String),
      });
      expect(errors[0].hint.length).toBeGreaterThan(0);
    });

    it('validates without running: every diagnostic in source order', async () => {
      const answer = await org.send<FormulaValidationDto>(FORMULA_PATTERNS.validate, {
        expression: 'moving_average(cout(), windw=6)',
      });

      expect(answer.valid).toBe(false);
      expect(answer.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([
        ['unknown_function', 1, 16],
        ['unknown_argument', 1, 24],
      ]);
      expect(answer.diagnostics[0]).toMatchObject({ hint: expect.stringContaining('count') });
      expect(
        await org.send<FormulaValidationDto>(FORMULA_PATTERNS.validate, { expression: '1 + 2' }),
      ).toEqual({ valid: true, kind: 'scalar', diagnostics: [] });
    });

    it('refuses too many points, too deep a nesting and too many queries with 400', async () => {
      const deep = `${'('.repeat(200)}count()${')'.repeat(200)}`;
      const manyQueries = Array.from({ length: 51 }, (_, i) => `count(eventId="e${i}")`).join(
        ' + ',
      );
      const [points, nesting, queries] = await Promise.all([
        executeFailure('count()', D - 30 * DAY, D, MINUTE),
        executeFailure(deep, D, D + DAY),
        executeFailure(manyQueries, D, D + DAY, HOUR),
      ]);

      expect(points.status).toBe(400);
      expect(points.errors?.[0]).toMatchObject({
        field: 'intervalMs',
        limit: 'maxPoints',
        maximum: 10_000,
      });
      expect(nesting.status).toBe(400);
      expect((nesting.errors as FormulaDiagnosticError[])[0]).toMatchObject({
        code: 'too_deep',
        line: 1,
      });
      expect(queries.status).toBe(400);
      expect(queries.errors?.[0]).toMatchObject({ limit: 'maxQueries', maximum: 50 });
      // And the service still answers.
      expect(
        values(await execute(org, 'count(eventId="web.feed_click")', at(D, 1), at(D, 2), HOUR)),
      ).toEqual([5]);
    });

    it('refuses a range that ends before it starts and an interval that is not whole minutes', async () => {
      const [backwards, seconds] = await Promise.all([
        executeFailure('count()', D, D - DAY, HOUR),
        executeFailure('count()', D, D + DAY, 90_000),
      ]);

      expect(backwards).toMatchObject({ status: 400, errors: [{ field: 'to' }] });
      expect(seconds).toMatchObject({ status: 400, errors: [{ field: 'intervalMs' }] });
    });

    it('stops a run that is cancelled or out of time with a 400 naming the time limit', async () => {
      const runner = service.app.get(FormulaRunner);
      const cancelled = new AbortController();
      cancelled.abort();

      const outcomes = await Promise.allSettled([
        runner.run(org.orgId, 'count()', { from: D, to: D + DAY }, HOUR, {
          signal: cancelled.signal,
        }),
        runner.run(org.orgId, 'count()', { from: D, to: D + DAY }, HOUR, {
          limits: { timeoutMs: 0 },
        }),
      ]);

      for (const outcome of outcomes) {
        expect(outcome.status).toBe('rejected');
        const reason: unknown = outcome.status === 'rejected' ? outcome.reason : undefined;
        expect(reason).toBeInstanceOf(ValidationFailedError);
        const error = reason as ValidationFailedError;
        expect(error.status).toBe(400);
        expect(
          (error.errors as readonly (FieldError & Partial<FormulaLimitFieldError>)[])[0],
        ).toMatchObject({
          limit: 'timeoutMs',
        });
      }
    });
  });

  describe('catalogue and suggestions', () => {
    it('lists every function with signature, description and example, and the examples', async () => {
      const [functions, examples] = await Promise.all([
        org.send<FormulaFunctionListDto>(FORMULA_PATTERNS.functions),
        org.send<FormulaExampleListDto>(FORMULA_PATTERNS.examples),
      ]);

      expect(functions.items.find((f) => f.name === 'moving_average')).toMatchObject({
        signature: expect.stringContaining('window'),
        description: expect.any(String),
        example: expect.stringContaining('moving_average('),
      });
      expect(functions.items.length).toBeGreaterThanOrEqual(30);
      expect(examples.items.map((example) => example.formula)).toContain(
        'count() / count(shift="1w")',
      );
    });

    it('turns plain English into a formula, or a hint when it cannot', async () => {
      const [drop, nonsense] = await Promise.all([
        org.send<FormulaSuggestionListDto>(FORMULA_PATTERNS.suggest, {
          text: 'traffic dropped by 50% since yesterday',
        }),
        org.send<FormulaSuggestionListDto>(FORMULA_PATTERNS.suggest, { text: 'bake a cake' }),
      ]);

      expect(drop.suggestions[0].formula).toBe('ifelse(count() < count(shift="1d") * 0.5, 1, 0)');
      expect(nonsense.suggestions).toEqual([]);
      expect(nonsense.hint).toEqual(expect.any(String));
    });
  });

  describe('saved formulas', () => {
    let owner: OrgMessenger;
    let stranger: OrgMessenger;

    const save = (messenger: OrgMessenger, fields: Record<string, unknown> = {}) =>
      messenger.send<SavedFormulaDto>(FORMULA_PATTERNS.savedCreate, {
        name: 'Feed CTR',
        description: 'clicks per 100 impressions',
        expression: 'count(eventId="*.feed_click") / count(eventId="*.feed_impression") * 100',
        ...fields,
      });

    beforeEach(() => {
      owner = new OrgMessenger(client);
      stranger = new OrgMessenger(client);
    });

    it('creates, reads, changes and deletes a formula', async () => {
      const created = await save(owner);

      expect(created).toMatchObject({
        id: expect.stringMatching(/^fml_[A-Za-z0-9]{20}$/),
        name: 'Feed CTR',
        description: 'clicks per 100 impressions',
        createdBy: owner.actor.id,
        updatedBy: owner.actor.id,
      });
      expect(await owner.send(FORMULA_PATTERNS.savedGet, { id: created.id })).toEqual(created);

      const updated = await owner.send<SavedFormulaDto>(FORMULA_PATTERNS.savedUpdate, {
        id: created.id,
        expression: 'moving_average(count(), window=6)',
      });
      expect(updated).toMatchObject({
        name: 'Feed CTR',
        description: 'clicks per 100 impressions',
        expression: 'moving_average(count(), window=6)',
        createdAt: created.createdAt,
      });
      expect(Date.parse(updated.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.updatedAt));

      expect(await owner.send(FORMULA_PATTERNS.savedDelete, { id: created.id })).toEqual(updated);
      expect((await owner.failure(FORMULA_PATTERNS.savedGet, { id: created.id })).status).toBe(404);
    });

    it("answers 404 for another organisation's formula and never lists it", async () => {
      const mine = await save(owner);

      const answers = await Promise.all([
        stranger.failure(FORMULA_PATTERNS.savedGet, { id: mine.id }),
        stranger.failure(FORMULA_PATTERNS.savedUpdate, { id: mine.id, name: 'taken over' }),
        stranger.failure(FORMULA_PATTERNS.savedDelete, { id: mine.id }),
        owner.failure(FORMULA_PATTERNS.savedGet, { id: 'not-an-id' }),
      ]);

      expect(answers.map((answer) => answer.status)).toEqual([404, 404, 404, 404]);
      expect(await stranger.send<SavedFormulaListDto>(FORMULA_PATTERNS.savedList, {})).toEqual({
        items: [],
        total: 0,
        page: 1,
        pageSize: 20,
      });
      expect(await owner.send(FORMULA_PATTERNS.savedGet, { id: mine.id })).toEqual(mine);
      // The same name is free in another organisation.
      expect((await save(stranger)).name).toBe('Feed CTR');
    });

    it('keeps names unique per organisation in any case, on create and on rename', async () => {
      await save(owner);
      const other = await save(owner, {
        name: 'Week over week',
        expression: 'count() / count(shift="1w")',
      });

      const [duplicate, rename] = await Promise.all([
        owner.failure(FORMULA_PATTERNS.savedCreate, { name: ' feed ctr ', expression: 'count()' }),
        owner.failure(FORMULA_PATTERNS.savedUpdate, { id: other.id, name: 'FEED CTR' }),
      ]);

      expect(duplicate.status).toBe(409);
      expect(rename.status).toBe(409);
      expect(await owner.send(FORMULA_PATTERNS.savedGet, { id: other.id })).toEqual(other);
    });

    it('refuses to save a formula that does not check, with its diagnostics', async () => {
      const created = await save(owner);

      const [onCreate, onUpdate] = await Promise.all([
        owner.failure(FORMULA_PATTERNS.savedCreate, { name: 'Broken', expression: 'count(' }),
        owner.failure(FORMULA_PATTERNS.savedUpdate, {
          id: created.id,
          expression: 'moving_average(count(), window=0)',
        }),
      ]);

      expect(onCreate.status).toBe(400);
      expect((onCreate.errors as FormulaDiagnosticError[])[0]).toMatchObject({
        field: 'expression',
        code: 'unexpected_end',
        line: 1,
        column: 7,
      });
      expect(onUpdate.status).toBe(400);
      expect((onUpdate.errors as FormulaDiagnosticError[])[0]).toMatchObject({
        code: 'bad_argument_value',
        line: 1,
        column: 32,
      });
      expect(await owner.send(FORMULA_PATTERNS.savedGet, { id: created.id })).toEqual(created);
    });

    it('pages the list by name, or by the latest change first', async () => {
      for (const name of ['Charlie', 'alpha', 'Bravo']) {
        await save(owner, { name });
        // Distinct change times, so the order by latest change has no ties.
        await new Promise((resolve) => setTimeout(resolve, 5));
      }

      const [first, second, latest] = await Promise.all([
        owner.send<SavedFormulaListDto>(FORMULA_PATTERNS.savedList, { pageSize: 2 }),
        owner.send<SavedFormulaListDto>(FORMULA_PATTERNS.savedList, { pageSize: 2, page: 2 }),
        owner.send<SavedFormulaListDto>(FORMULA_PATTERNS.savedList, { sort: 'updatedAt' }),
      ]);

      expect(first.items.map((item) => item.name)).toEqual(['alpha', 'Bravo']);
      expect(first).toMatchObject({ total: 3, page: 1, pageSize: 2 });
      expect(second.items.map((item) => item.name)).toEqual(['Charlie']);
      expect(latest.items.map((item) => item.name)).toEqual(['Bravo', 'alpha', 'Charlie']);
    });
  });
});
