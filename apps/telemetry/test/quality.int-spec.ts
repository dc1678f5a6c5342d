import {
  type QualityListDto,
  type SampleIngestResultDto,
  type SeriesListDto,
  type SeriesQualityDto,
  TELEMETRY_SAMPLES_INGEST_PATTERN,
  TELEMETRY_SERIES_PATTERNS,
} from '@vantage/contracts';
import { OrgMessenger, type TestService } from '@vantage/service-runtime/testing';
import type { RedisStreamsClient } from '@vantage/transport';
import { startTelemetry } from './support/telemetry-under-test';

const MINUTE = 60_000;

describe('telemetry data quality over the transport', () => {
  let service: TestService;
  let client: RedisStreamsClient;
  let org: OrgMessenger;
  let now: number;
  let ids: Record<string, string>;

  /** One sample a minute over the last hour, minus skipped minutes ago, value from `value`. */
  const minutely = (
    series: string,
    skip: (minutesAgo: number) => boolean = () => false,
    value: (minutesAgo: number) => number | null = () => 1,
  ) =>
    Array.from({ length: 59 }, (_, index) => 58 - index)
      .filter((minutesAgo) => !skip(minutesAgo))
      .map((minutesAgo) => ({
        series,
        timestamp: now - minutesAgo * MINUTE,
        value: value(minutesAgo),
      }));
  const quality = (id: string) =>
    org.send<SeriesQualityDto>(TELEMETRY_SERIES_PATTERNS.quality, { id });

  beforeAll(async () => {
    ({ service, client } = await startTelemetry());
    org = new OrgMessenger(client);
    now = Date.now();
    const duplicated = minutely('dup.gauge');
    await org.send<SampleIngestResultDto>(TELEMETRY_SAMPLES_INGEST_PATTERN, {
      samples: [
        ...minutely('healthy.gauge'),
        ...minutely('gappy.gauge', (ago) => ago >= 20 && ago < 40),
        ...minutely('stale.gauge', (ago) => ago < 30),
        ...minutely(
          'invalid.gauge',
          () => false,
          (ago) => (ago === 10 || ago === 30 ? null : 1),
        ),
        ...duplicated,
      ],
    });
    // The same samples again in another batch (no Idempotency-Key): stored, and counted as duplicates.
    await org.send(TELEMETRY_SAMPLES_INGEST_PATTERN, { samples: duplicated.slice(0, 10) });
    const { items } = await org.send<SeriesListDto>(TELEMETRY_SERIES_PATTERNS.list, {});
    ids = Object.fromEntries(items.map((item) => [item.name, item.id]));
  });

  afterAll(async () => {
    await client?.close();
    await service?.close();
  });

  it('passes a complete, timely, valid series', async () => {
    const result = await quality(ids['healthy.gauge'] as string);

    expect(result).toMatchObject({
      name: 'healthy.gauge',
      intervalMs: MINUTE,
      intervalSource: 'inferred',
      completeness: { ratio: 1, missing: 0 },
      validity: { valid: 59, nonFinite: 0, negative: 0 },
      duplicates: { count: 0 },
      score: 100,
      flagged: false,
      reasons: [],
    });
    expect(result.timeliness.lagMs).toBeLessThan(MINUTE);
  });

  it('flags missing intervals as incomplete, listing the gap', async () => {
    const result = await quality(ids['gappy.gauge'] as string);

    expect(result).toMatchObject({
      flagged: true,
      reasons: ['incomplete'],
      completeness: { missing: 20 },
    });
    expect(result.completeness.gaps).toEqual([
      {
        from: new Date(now - 40 * MINUTE).toISOString(),
        to: new Date(now - 19 * MINUTE).toISOString(),
        missing: 20,
      },
    ]);
  });

  it('flags a series whose last sample is old as stale', async () => {
    const result = await quality(ids['stale.gauge'] as string);

    expect(result.reasons).toContain('stale');
    expect(result.timeliness.lagMs).toBeGreaterThanOrEqual(30 * MINUTE);
  });

  // A refused value does not fill its interval either; two of 59 still leave it complete enough.
  it('flags non-finite values refused at ingest as invalid', async () => {
    const result = await quality(ids['invalid.gauge'] as string);

    expect(result).toMatchObject({ flagged: true, reasons: ['invalid_values'] });
    expect(result.validity).toMatchObject({ valid: 57, nonFinite: 2 });
  });

  it('flags timestamps sent twice as duplicates', async () => {
    const result = await quality(ids['dup.gauge'] as string);

    expect(result).toMatchObject({
      flagged: true,
      reasons: ['duplicates'],
      duplicates: { count: 10 },
    });
  });

  it('lists the flagged series of the organisation, worst first', async () => {
    const flagged = await org.send<QualityListDto>(TELEMETRY_SERIES_PATTERNS.qualityList, {
      flagged: true,
    });
    const all = await org.send<QualityListDto>(TELEMETRY_SERIES_PATTERNS.qualityList, {});

    expect(flagged.items.map((item) => item.name).sort()).toEqual([
      'dup.gauge',
      'gappy.gauge',
      'invalid.gauge',
      'stale.gauge',
    ]);
    expect(all.items).toHaveLength(5);
    expect(all.items.at(-1)).toMatchObject({ name: 'healthy.gauge', score: 100 });
    const scores = all.items.map((item) => item.score);
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
  });

  it('refuses a window over a day, and quality of a traffic series, with 400', async () => {
    const failures = await Promise.all([
      org.failure(TELEMETRY_SERIES_PATTERNS.quality, { id: ids['healthy.gauge'], window: '2d' }),
      org.failure(TELEMETRY_SERIES_PATTERNS.quality, { id: 'traffic:shop.checkout' }),
    ]);

    expect(failures.map((failure) => failure.status)).toEqual([400, 400]);
  });
});
