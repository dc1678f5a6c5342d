import { randomUUID } from 'node:crypto';
import {
  type SeriesListDto,
  TELEMETRY_SERIES_PATTERNS,
  TRAFFIC_SERIES_EXPORT_PATTERNS,
  TRAFFIC_SERIES_FLUSHED_EVENT,
  type TrafficCataloguedReply,
  type TrafficSeriesFlushedEvent,
} from '@vantage/contracts';
import { runWithContext } from '@vantage/observability';
import { connectClient, OrgMessenger, type TestService } from '@vantage/service-runtime/testing';
import type {
  RedisStreamsClient,
  RedisStreamsContext,
  RedisStreamsServer,
} from '@vantage/transport';
import { startTestServer } from '@vantage/transport/testing';
import { lastValueFrom } from 'rxjs';
import { eventually } from './support/eventually';
import { startTelemetry } from './support/telemetry-under-test';

const MINUTE = 60_000;
const BASE = Math.floor((Date.now() - 3 * 3_600_000) / MINUTE) * MINUTE;
const minute = (index: number): number => BASE + index * MINUTE;
const iso = (ms: number): string => new Date(ms).toISOString();

describe("the traffic series catalogue, kept from the traffic monitor's flushes", () => {
  let service: TestService;
  let client: RedisStreamsClient;
  let emitter: RedisStreamsClient;
  let trafficStandIn: RedisStreamsServer;
  /** The organisations that asked the traffic monitor anything, one entry per message. */
  const asked: { orgId: string | undefined; pattern: string }[] = [];
  /** What the stand-in's own event id catalogue holds, by organisation. */
  const cataloguedBefore = new Map<string, string[]>();

  const list = (org: OrgMessenger, query: Record<string, unknown> = {}) =>
    org.send<SeriesListDto>(TELEMETRY_SERIES_PATTERNS.list, { source: 'traffic', ...query });
  /** What traffic-monitor's flusher emits for an org: [eventId, first minute, last minute]. */
  const flushed = (org: OrgMessenger, series: [string, number, number][]) => {
    const event: TrafficSeriesFlushedEvent = {
      series: series.map(([eventId, first, last]) => ({
        eventId,
        first: iso(first),
        last: iso(last),
      })),
    };
    const actor = { kind: 'service' as const, id: 'traffic-monitor:series-feed', roles: [] };
    return runWithContext({ requestId: randomUUID(), orgId: org.orgId, actor }, () =>
      lastValueFrom(emitter.emit(TRAFFIC_SERIES_FLUSHED_EVENT, event), { defaultValue: undefined }),
    );
  };
  const timesOf = (result: SeriesListDto) =>
    result.items.map((item) => [item.labels['eventId'], item.firstTimestamp, item.lastTimestamp]);
  const askedBy = (org: OrgMessenger) => asked.filter((ask) => ask.orgId === org.orgId);

  beforeAll(async () => {
    ({ service, client } = await startTelemetry());
    emitter = await connectClient(service, 'traffic-monitor');
    // The traffic monitor as telemetry sees it: only its catalogue of event ids (one keyed
    // read there) answers; the 7-day event id totals it used to be asked for do not.
    const answer =
      (pattern: string, reply: (orgId: string | undefined) => unknown) =>
      (_request: unknown, context: RedisStreamsContext) => {
        const orgId = context.getEnvelope().orgId;
        asked.push({ orgId, pattern });
        return reply(orgId);
      };
    trafficStandIn = await startTestServer(
      {
        service: 'traffic-monitor',
        prefix: service.config.TRANSPORT_PREFIX,
        redisUrl: service.config.REDIS_URL,
      },
      [
        {
          pattern: TRAFFIC_SERIES_EXPORT_PATTERNS.catalogued,
          handler: answer(
            TRAFFIC_SERIES_EXPORT_PATTERNS.catalogued,
            (orgId): TrafficCataloguedReply => ({
              eventIds: cataloguedBefore.get(orgId ?? '') ?? [],
            }),
          ),
        },
        {
          pattern: TRAFFIC_SERIES_EXPORT_PATTERNS.eventIds,
          handler: answer(TRAFFIC_SERIES_EXPORT_PATTERNS.eventIds, () => ({ items: [] })),
        },
      ],
    );
  });

  afterAll(async () => {
    await trafficStandIn?.close();
    await emitter?.close();
    await client?.close();
    await service?.close();
  });

  it('lists the event ids the flushes announced, with their minutes, by id', async () => {
    const org = new OrgMessenger(client);
    await flushed(org, [
      ['shop.view', minute(1), minute(1)],
      ['shop.checkout', minute(0), minute(2)],
    ]);

    const result = await eventually(
      () => list(org),
      (page) => page.items.length === 2,
    );

    expect(result).toEqual({
      items: [
        {
          id: 'traffic:shop.checkout',
          name: 'traffic.events.count',
          labels: { eventId: 'shop.checkout' },
          kind: 'count',
          source: 'traffic',
          intervalMs: 60_000,
          firstTimestamp: iso(minute(0)),
          lastTimestamp: iso(minute(2)),
          createdAt: null,
        },
        expect.objectContaining({
          id: 'traffic:shop.view',
          firstTimestamp: iso(minute(1)),
          lastTimestamp: iso(minute(1)),
        }),
      ],
      next: null,
    });
    expect(await list(new OrgMessenger(client))).toEqual({ items: [], next: null });
  });

  it('asks the traffic monitor only once per organisation, for its catalogued ids, never for totals', async () => {
    const org = new OrgMessenger(client);
    cataloguedBefore.set(org.orgId, ['legacy.signup', 'shop.checkout']);
    await flushed(org, [['shop.checkout', minute(3), minute(3)]]);

    const first = await eventually(
      () => list(org),
      (page) => page.items.some((item) => item.lastTimestamp !== null),
    );
    const again = await list(org);

    expect(timesOf(first)).toEqual([
      ['legacy.signup', null, null],
      ['shop.checkout', iso(minute(3)), iso(minute(3))],
    ]);
    expect(again).toEqual(first);
    expect(askedBy(org)).toEqual([
      { orgId: org.orgId, pattern: TRAFFIC_SERIES_EXPORT_PATTERNS.catalogued },
    ]);
  });

  it('applies an event delivered twice once, and a late one only where it widens', async () => {
    const org = new OrgMessenger(client);
    const event: [string, number, number][] = [['shop.checkout', minute(10), minute(12)]];
    await flushed(org, event);
    await flushed(org, event);
    // A backlog flushed late: an earlier first minute, an older last one.
    await flushed(org, [['shop.checkout', minute(4), minute(5)]]);

    const result = await eventually(
      () => list(org),
      (page) => page.items[0]?.firstTimestamp === iso(minute(4)),
    );

    expect(timesOf(result)).toEqual([['shop.checkout', iso(minute(4)), iso(minute(12))]]);
  });

  it('pages by id; namePrefix filters event ids', async () => {
    const org = new OrgMessenger(client);
    await flushed(org, [
      ['b.one', minute(0), minute(0)],
      ['a.two', minute(0), minute(0)],
      ['a.one', minute(0), minute(0)],
    ]);
    await eventually(
      () => list(org),
      (page) => page.items.length === 3,
    );

    const first = await list(org, { namePrefix: 'a.', limit: 1 });
    const second = await list(org, { namePrefix: 'a.', limit: 1, after: first.next });

    expect(first.items.map((item) => item.id)).toEqual(['traffic:a.one']);
    expect(second).toMatchObject({ items: [{ id: 'traffic:a.two' }], next: null });
  });
});
