import {
  TRAFFIC_INGEST_PATTERN,
  TRAFFIC_SERIES_EXPORT_PATTERNS,
  TRAFFIC_SERIES_FLUSHED_EVENT,
  TRAFFIC_SERIES_FLUSHED_MAX_ITEMS,
  type TrafficCataloguedReply,
  type TrafficSeriesFlushedEvent,
} from '@vantage/contracts';
import { OrgMessenger, type TestService } from '@vantage/service-runtime/testing';
import type {
  RedisStreamsClient,
  RedisStreamsContext,
  RedisStreamsServer,
} from '@vantage/transport';
import { startTestServer, waitUntil } from '@vantage/transport/testing';
import { BucketFlusher } from '../src/buckets/bucket-flusher';
import { startTrafficMonitor } from './support/traffic-monitor-under-test';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const BASE = Math.floor((Date.now() - 2 * HOUR) / HOUR) * HOUR;
const iso = (ms: number): string => new Date(ms).toISOString();

describe("flushed traffic series announced to telemetry's catalogue", () => {
  let service: TestService;
  let client: RedisStreamsClient;
  let telemetryStandIn: RedisStreamsServer;
  /** What telemetry's consumer group received: the envelope's org and the event. */
  const received: { orgId: string | undefined; event: TrafficSeriesFlushedEvent }[] = [];

  beforeAll(async () => {
    ({ service, client } = await startTrafficMonitor({ GOLDEN_SIGNALS_INTERVAL_MS: '0' }));
    telemetryStandIn = await startTestServer(
      {
        service: 'telemetry',
        prefix: service.config.TRANSPORT_PREFIX,
        redisUrl: service.config.REDIS_URL,
      },
      [
        {
          pattern: TRAFFIC_SERIES_FLUSHED_EVENT,
          event: true,
          handler: (event: TrafficSeriesFlushedEvent, context: RedisStreamsContext) => {
            received.push({ orgId: context.getEnvelope().orgId, event });
          },
        },
      ],
    );
  });

  afterAll(async () => {
    await telemetryStandIn?.close();
    await client?.close();
    await service?.close();
  });

  const eventsOf = (org: OrgMessenger) => received.filter((entry) => entry.orgId === org.orgId);

  it('emits, per organisation flushed, each event id with its first and last minute', async () => {
    const org = new OrgMessenger(client);
    const other = new OrgMessenger(client);
    await org.send(TRAFFIC_INGEST_PATTERN, {
      events: [
        { eventId: 'shop.checkout', timestamp: BASE + 10_000, count: 2 },
        { eventId: 'shop.checkout', timestamp: BASE + 20_000, dimensions: { region: 'eu' } },
        { eventId: 'shop.checkout', timestamp: BASE + 3 * MINUTE },
        { eventId: 'shop.view', timestamp: BASE + MINUTE, count: 7 },
      ],
    });
    await other.send(TRAFFIC_INGEST_PATTERN, {
      events: [{ eventId: 'other.signup', timestamp: BASE }],
    });

    await service.app.get(BucketFlusher).flushNow();
    await waitUntil(
      () => eventsOf(org).length > 0 && eventsOf(other).length > 0,
      'the flushed series of both organisations',
    );

    const series = eventsOf(org)
      .flatMap(({ event }) => event.series)
      .sort((a, b) => (a.eventId < b.eventId ? -1 : 1));
    expect(series).toEqual([
      { eventId: 'shop.checkout', first: iso(BASE), last: iso(BASE + 3 * MINUTE) },
      { eventId: 'shop.view', first: iso(BASE + MINUTE), last: iso(BASE + MINUTE) },
    ]);
    expect(eventsOf(other).flatMap(({ event }) => event.series)).toEqual([
      { eventId: 'other.signup', first: iso(BASE), last: iso(BASE) },
    ]);
  });

  it('splits an organisation with more event ids than one event carries', async () => {
    const org = new OrgMessenger(client);
    const eventIds = Array.from(
      { length: TRAFFIC_SERIES_FLUSHED_MAX_ITEMS + 1 },
      (_, index) => `bulk.${String(index).padStart(4, '0')}`,
    );
    await org.send(TRAFFIC_INGEST_PATTERN, {
      events: eventIds.map((eventId) => ({ eventId, timestamp: BASE })),
    });

    await service.app.get(BucketFlusher).flushNow();
    await waitUntil(
      () =>
        eventsOf(org).reduce((sum, { event }) => sum + event.series.length, 0) >= eventIds.length,
      'every flushed event id',
    );

    const sizes = eventsOf(org).map(({ event }) => event.series.length);
    expect(sizes.sort((a, b) => b - a)).toEqual([TRAFFIC_SERIES_FLUSHED_MAX_ITEMS, 1]);
    expect(
      eventsOf(org)
        .flatMap(({ event }) => event.series.map((series) => series.eventId))
        .sort(),
    ).toEqual(eventIds);
  });

  it("answers the organisation's catalogued event ids, for telemetry's one-off backfill", async () => {
    const org = new OrgMessenger(client);
    await org.send(TRAFFIC_INGEST_PATTERN, {
      events: [
        { eventId: 'shop.view', timestamp: BASE },
        { eventId: 'shop.pay', timestamp: BASE + MINUTE },
      ],
    });
    await service.app.get(BucketFlusher).flushNow();

    const mine = await org.send<TrafficCataloguedReply>(TRAFFIC_SERIES_EXPORT_PATTERNS.catalogued);
    const theirs = await new OrgMessenger(client).send<TrafficCataloguedReply>(
      TRAFFIC_SERIES_EXPORT_PATTERNS.catalogued,
    );

    expect([...mine.eventIds].sort()).toEqual(['shop.pay', 'shop.view']);
    expect(theirs.eventIds).toEqual([]);
  });
});
