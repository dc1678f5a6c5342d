import {
  TRAFFIC_INGEST_PATTERN,
  TRAFFIC_SERIES_EXPORT_PATTERNS,
  type TrafficCountsReply,
  type TrafficEventIdsReply,
} from '@vantage/contracts';
import {
  connectClient,
  OrgMessenger,
  startTestService,
  type TestService,
} from '@vantage/service-runtime/testing';
import type { RedisStreamsClient } from '@vantage/transport';
import { trafficMonitorService } from '../src/service-definition';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const BASE = Math.floor((Date.now() - 2 * HOUR) / HOUR) * HOUR;
const iso = (ms: number): string => new Date(ms).toISOString();

describe('event counts exported as series (for telemetry)', () => {
  let service: TestService;
  let client: RedisStreamsClient;
  let org: OrgMessenger;

  beforeAll(async () => {
    service = await startTestService(trafficMonitorService, {
      env: { GOLDEN_SIGNALS_INTERVAL_MS: '0' },
    });
    client = await connectClient(service, 'traffic-monitor');
    org = new OrgMessenger(client);
    await org.send(TRAFFIC_INGEST_PATTERN, {
      events: [
        { eventId: 'shop.checkout', timestamp: BASE + 10_000, count: 2 },
        { eventId: 'shop.checkout', timestamp: BASE + 20_000, dimensions: { region: 'eu' } },
        { eventId: 'shop.checkout', timestamp: BASE + 2 * MINUTE, count: 2 },
        { eventId: 'shop.view', timestamp: BASE + MINUTE, count: 7 },
      ],
    });
  });

  afterAll(async () => {
    await client?.close();
    await service?.close();
  });

  it('answers zero-filled counts of one event id, summed over its dimension sets', async () => {
    const reply = await org.send<TrafficCountsReply>(TRAFFIC_SERIES_EXPORT_PATTERNS.counts, {
      eventId: 'shop.checkout',
      resolution: 'minute',
      from: iso(BASE + 30_000),
      to: iso(BASE + 4 * MINUTE),
    });

    expect(reply).toEqual({
      eventId: 'shop.checkout',
      resolution: 'minute',
      from: iso(BASE),
      counts: [3, 0, 2, 0],
    });
  });

  it('answers hourly counts too', async () => {
    const reply = await org.send<TrafficCountsReply>(TRAFFIC_SERIES_EXPORT_PATTERNS.counts, {
      eventId: 'shop.checkout',
      resolution: 'hour',
      from: iso(BASE - HOUR),
      to: iso(BASE + HOUR),
    });

    expect(reply.counts).toEqual([0, 5]);
  });

  it('lists the event ids counted in a range, busiest first, for the org only', async () => {
    const range = { from: iso(BASE - HOUR), to: iso(BASE + 2 * HOUR), limit: 10 };

    const mine = await org.send<TrafficEventIdsReply>(
      TRAFFIC_SERIES_EXPORT_PATTERNS.eventIds,
      range,
    );
    const theirs = await new OrgMessenger(client).send<TrafficEventIdsReply>(
      TRAFFIC_SERIES_EXPORT_PATTERNS.eventIds,
      range,
    );

    expect(mine.items).toEqual([
      { eventId: 'shop.view', count: 7 },
      { eventId: 'shop.checkout', count: 5 },
    ]);
    expect(theirs.items).toEqual([]);
  });

  it('refuses an empty range and a range of too many buckets with 400', async () => {
    const failures = await Promise.all([
      org.failure(TRAFFIC_SERIES_EXPORT_PATTERNS.counts, {
        eventId: 'shop.checkout',
        resolution: 'minute',
        from: iso(BASE),
        to: iso(BASE),
      }),
      org.failure(TRAFFIC_SERIES_EXPORT_PATTERNS.counts, {
        eventId: 'shop.checkout',
        resolution: 'minute',
        from: iso(BASE - 60 * 86_400_000),
        to: iso(BASE),
      }),
    ]);

    expect(failures.map((failure) => failure.status)).toEqual([400, 400]);
  });
});
