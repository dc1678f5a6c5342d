import {
  type SampleIngestResultDto,
  type SeriesDto,
  type SeriesListDto,
  type SeriesPointsDto,
  TELEMETRY_SAMPLES_INGEST_PATTERN,
  TELEMETRY_SERIES_PATTERNS,
  TRAFFIC_SERIES_EXPORT_PATTERNS,
  type TrafficCountsRequest,
} from '@vantage/contracts';
import { OrgMessenger, type TestService } from '@vantage/service-runtime/testing';
import Redis from 'ioredis';
import type { RedisStreamsClient, RedisStreamsServer } from '@vantage/transport';
import { startTestServer } from '@vantage/transport/testing';
import { PointsRetentionJob } from '../src/series/points-retention.job';
import { startTelemetry } from './support/telemetry-under-test';

const MINUTE = 60_000;
const HOUR = 3_600_000;

/** A whole hour a few hours ago: every sample of these tests lands inside retention. */
const BASE = Math.floor((Date.now() - 3 * HOUR) / HOUR) * HOUR;
const at = (minutes: number, seconds = 0): number => BASE + minutes * MINUTE + seconds * 1000;
const iso = (ms: number): string => new Date(ms).toISOString();

describe('telemetry samples and points over the transport', () => {
  let service: TestService;
  let client: RedisStreamsClient;
  let org: OrgMessenger;
  let trafficStandIn: RedisStreamsServer;
  const trafficRequests: TrafficCountsRequest[] = [];

  const ingest = (messenger: OrgMessenger, samples: unknown[], idempotencyKey?: string) =>
    messenger.send<SampleIngestResultDto>(TELEMETRY_SAMPLES_INGEST_PATTERN, {
      samples,
      ...(idempotencyKey ? { idempotencyKey } : {}),
    });
  const seriesNamed = async (messenger: OrgMessenger, name: string): Promise<SeriesDto> => {
    const { items } = await messenger.send<SeriesListDto>(TELEMETRY_SERIES_PATTERNS.list, {
      namePrefix: name,
    });
    const found = items.find((item) => item.name === name);
    if (!found) throw new Error(`no series ${name}: ${JSON.stringify(items)}`);
    return found;
  };
  const points = (messenger: OrgMessenger, id: string, query: Record<string, unknown>) =>
    messenger.send<SeriesPointsDto>(TELEMETRY_SERIES_PATTERNS.points, { id, ...query });
  const values = (result: SeriesPointsDto) => result.points.map((point) => point.value);

  beforeAll(async () => {
    ({ service, client } = await startTelemetry());
    // The traffic monitor as telemetry sees it: one event id counted 5 per minute.
    trafficStandIn = await startTestServer(
      {
        service: 'traffic-monitor',
        prefix: service.config.TRANSPORT_PREFIX,
        redisUrl: service.config.REDIS_URL,
      },
      [
        {
          pattern: TRAFFIC_SERIES_EXPORT_PATTERNS.counts,
          handler: (request: TrafficCountsRequest) => {
            trafficRequests.push(request);
            const buckets = Math.ceil((Date.parse(request.to) - Date.parse(request.from)) / MINUTE);
            return {
              eventId: request.eventId,
              resolution: request.resolution,
              from: request.from,
              counts: Array(buckets).fill(5),
            };
          },
        },
      ],
    );
  });

  beforeEach(() => {
    org = new OrgMessenger(client);
  });

  afterAll(async () => {
    await trafficStandIn?.close();
    await client?.close();
    await service?.close();
  });

  it('stores the valid samples of a batch and refuses the others by index and reason', async () => {
    const result = await ingest(org, [
      { series: 'checkout.latency_ms', timestamp: at(0), value: 10 },
      {
        series: 'checkout.latency_ms',
        timestamp: iso(at(0, 30)),
        value: 20,
        labels: { region: 'eu' },
      },
      { series: 'checkout.latency_ms', timestamp: at(1), value: null },
      { series: 'checkout.errors', timestamp: at(1), value: -2 },
      { series: 'checkout latency', timestamp: at(1), value: 1 },
      { series: 'checkout.latency_ms', timestamp: Date.now() + HOUR, value: 1 },
      'not a sample',
    ]);

    expect(result).toEqual({
      accepted: 2,
      rejected: 5,
      errors: [
        { index: 2, reason: 'non_finite_value', message: expect.any(String) },
        { index: 3, reason: 'negative_count', message: expect.any(String) },
        { index: 4, reason: 'invalid_series', message: expect.any(String) },
        { index: 5, reason: 'too_far_in_future', message: expect.any(String) },
        { index: 6, reason: 'not_an_object', message: expect.any(String) },
      ],
    });
    const { items } = await org.send<SeriesListDto>(TELEMETRY_SERIES_PATTERNS.list, {});
    expect(items.map((item) => [item.name, item.labels, item.kind])).toEqual([
      ['checkout.errors', {}, 'count'],
      ['checkout.latency_ms', {}, 'gauge'],
      ['checkout.latency_ms', { region: 'eu' }, 'gauge'],
    ]);
    expect(items[1]).toMatchObject({
      id: expect.stringMatching(/^ser_[A-Za-z0-9_-]{22}$/),
      source: 'samples',
      firstTimestamp: iso(at(0)),
      lastTimestamp: iso(at(0)),
    });
  });

  it('stores a batch sent twice with one Idempotency-Key once, and answers the first answer', async () => {
    const samples = [
      { series: 'orders.count', timestamp: at(5), value: 3 },
      { series: 'orders.count', timestamp: at(6), value: 4 },
      { series: 'orders.count', timestamp: at(6), value: Infinity },
    ];
    const first = await ingest(org, samples, 'batch-key-0001');
    const again = await ingest(org, samples, 'batch-key-0001');
    const concurrent = await Promise.all([
      ingest(org, samples, 'batch-key-0002'),
      ingest(org, samples, 'batch-key-0002'),
    ]);

    expect(again).toEqual(first);
    expect(concurrent[0]).toEqual(concurrent[1]);
    const series = await seriesNamed(org, 'orders.count');
    const summed = await points(org, series.id, {
      from: iso(at(0)),
      to: iso(at(10)),
      step: '10m',
      aggregation: 'sum',
    });
    expect(values(summed)).toEqual([14]);
  });

  it('stores a bounded answer for a batch of thousands of refused samples', async () => {
    const samples = Array.from({ length: 5000 }, (_, n) => ({
      series: 'refused.gauge',
      timestamp: at(1, n % 60),
      value: 'not a number',
    }));

    const first = await ingest(org, samples, 'batch-key-many-refused');
    const replayed = await ingest(org, samples, 'batch-key-many-refused');

    // The caller hears about every refused sample once; what is kept for 24 h is bounded.
    expect(first).toMatchObject({ accepted: 0, rejected: 5000 });
    expect(first.errors).toHaveLength(5000);
    expect(replayed).toEqual({
      accepted: 0,
      rejected: 5000,
      errors: first.errors.slice(0, 20),
      errorsOmitted: 4980,
    });
    const redis = new Redis(service.config.REDIS_URL);
    try {
      const key = `${service.config.TRANSPORT_PREFIX}:telemetry:batch:${org.orgId}:k:batch-key-many-refused`;
      const stored = await redis.strlen(key);
      expect(stored).toBeGreaterThan(0);
      expect(stored).toBeLessThan(4096);
    } finally {
      redis.disconnect();
    }
  });

  it('refuses an Idempotency-Key reused for another batch with 409', async () => {
    await ingest(org, [{ series: 'orders.count', timestamp: at(5), value: 1 }], 'batch-key-0003');

    const failure = await org.failure(TELEMETRY_SAMPLES_INGEST_PATTERN, {
      samples: [{ series: 'orders.count', timestamp: at(5), value: 2 }],
      idempotencyKey: 'batch-key-0003',
    });

    expect(failure).toMatchObject({ status: 409, code: 'CONFLICT' });
  });

  it('reads points at a step with each aggregation, gaps as null', async () => {
    await ingest(org, [
      { series: 'api.latency_ms', timestamp: at(0, 10), value: 100 },
      { series: 'api.latency_ms', timestamp: at(0, 50), value: 300 },
      { series: 'api.latency_ms', timestamp: at(1, 0), value: 50 },
      { series: 'api.latency_ms', timestamp: at(4, 0), value: 7 },
    ]);
    // A later batch of the same minute: rolled up with the stored bucket.
    await ingest(org, [{ series: 'api.latency_ms', timestamp: at(0, 20), value: 200 }]);
    const { id } = await seriesNamed(org, 'api.latency_ms');
    const read = (aggregation: string) =>
      points(org, id, { from: iso(at(0)), to: iso(at(6)), step: '2m', aggregation }).then(values);

    expect(await read('avg')).toEqual([162.5, null, 7]);
    expect(await read('sum')).toEqual([650, null, 7]);
    expect(await read('min')).toEqual([50, null, 7]);
    expect(await read('max')).toEqual([300, null, 7]);
    expect(await read('count')).toEqual([4, null, 1]);
    expect(await read('last')).toEqual([50, null, 7]);
    const minutely = await points(org, id, {
      from: iso(at(0, 30)),
      to: iso(at(3)),
      step: '1m',
      aggregation: 'last',
    });
    expect(minutely.from).toBe(iso(at(0)));
    expect(minutely.points).toEqual([
      { timestamp: iso(at(0)), value: 300 },
      { timestamp: iso(at(1)), value: 50 },
      { timestamp: iso(at(2)), value: null },
    ]);
  });

  it('reads whole-hour steps from the hourly rollups', async () => {
    await ingest(org, [
      { series: 'queue.depth', timestamp: at(10), value: 4 },
      { series: 'queue.depth', timestamp: at(70), value: 8 },
      { series: 'queue.depth', timestamp: at(75), value: 2 },
    ]);
    const { id } = await seriesNamed(org, 'queue.depth');

    const hourly = await points(org, id, {
      from: iso(at(0)),
      to: iso(at(180)),
      step: '1h',
      aggregation: 'max',
    });

    expect(values(hourly)).toEqual([4, 8, null]);
    expect(hourly.stepMs).toBe(HOUR);
  });

  it('refuses a step that is not whole minutes, and too many points, with 400', async () => {
    await ingest(org, [{ series: 'queue.depth', timestamp: at(10), value: 4 }]);
    const { id } = await seriesNamed(org, 'queue.depth');

    const failures = await Promise.all([
      org.failure(TELEMETRY_SERIES_PATTERNS.points, { id, step: '30s' }),
      org.failure(TELEMETRY_SERIES_PATTERNS.points, {
        id,
        step: '1m',
        from: iso(Date.now() - 30 * 86_400_000),
      }),
      org.failure(TELEMETRY_SERIES_PATTERNS.points, { id, aggregation: 'median' }),
    ]);

    expect(failures.map((failure) => failure.status)).toEqual([400, 400, 400]);
  });

  it("answers 404 for another organisation's series and for ids that are no series", async () => {
    await ingest(org, [{ series: 'private.metric', timestamp: at(1), value: 1 }]);
    const { id } = await seriesNamed(org, 'private.metric');
    const other = new OrgMessenger(client);

    const failures = await Promise.all([
      other.failure(TELEMETRY_SERIES_PATTERNS.get, { id }),
      other.failure(TELEMETRY_SERIES_PATTERNS.points, { id }),
      other.failure(TELEMETRY_SERIES_PATTERNS.quality, { id }),
      org.failure(TELEMETRY_SERIES_PATTERNS.get, { id: 'ser_nope' }),
    ]);

    expect(failures.map((failure) => failure.status)).toEqual([404, 404, 404, 404]);
    expect(await org.send(TELEMETRY_SERIES_PATTERNS.get, { id })).toMatchObject({
      id,
      name: 'private.metric',
    });
  });

  it('pages the catalogue by name', async () => {
    await ingest(
      org,
      ['a.one', 'b.two', 'c.three'].map((series) => ({ series, timestamp: at(1), value: 1 })),
    );

    const first = await org.send<SeriesListDto>(TELEMETRY_SERIES_PATTERNS.list, { limit: 2 });
    const second = await org.send<SeriesListDto>(TELEMETRY_SERIES_PATTERNS.list, {
      limit: 2,
      after: first.next,
    });

    expect(first.items.map((item) => item.name)).toEqual(['a.one', 'b.two']);
    expect(second).toMatchObject({ items: [{ name: 'c.three' }], next: null });
  });

  it("reads a traffic event's counts as a series through the traffic monitor", async () => {
    const result = await points(org, 'traffic:shop.checkout', {
      from: iso(at(0)),
      to: iso(at(10)),
      step: '5m',
      aggregation: 'sum',
    });

    expect(values(result)).toEqual([25, 25]);
    expect(trafficRequests.at(-1)).toEqual({
      eventId: 'shop.checkout',
      resolution: 'minute',
      from: iso(at(0)),
      to: iso(at(10)),
    });
    expect(
      await org.send(TELEMETRY_SERIES_PATTERNS.get, { id: 'traffic:shop.checkout' }),
    ).toMatchObject({
      source: 'traffic',
      labels: { eventId: 'shop.checkout' },
    });
  });

  it('deletes points past retention with the retention job', async () => {
    await ingest(org, [{ series: 'kept.metric', timestamp: at(0), value: 1 }]);
    const { id } = await seriesNamed(org, 'kept.metric');
    const job = service.app.get(PointsRetentionJob);

    // As if 15 days had passed: the minute bucket is past its 14 days, the hourly one is kept.
    await job.enforce(new Date(at(0) + 15 * 86_400_000));

    const read = (step: string) =>
      points(org, id, { from: iso(at(0)), to: iso(at(60)), step, aggregation: 'sum' }).then(values);
    expect(await read('60m')).toEqual([1]);
    expect(await read('1m')).toEqual(Array(60).fill(null));
  });
});
