import {
  DASHBOARD_PATTERNS,
  LIVE_UPDATE_EVENT,
  type LiveUpdate,
  TRAFFIC_INGEST_PATTERN,
  type TrafficCountsFlushedUpdate,
  type TrafficStatusChangedUpdate,
} from '@vantage/contracts';
import {
  connectClient,
  OrgMessenger,
  startTestService,
  type TestService,
} from '@vantage/service-runtime/testing';
import type { RedisStreamsClient, RedisStreamsServer } from '@vantage/transport';
import { startTestServer, waitUntil } from '@vantage/transport/testing';
import { AlertEvaluator } from '../src/alerts/alert-evaluator';
import { BucketFlusher } from '../src/buckets/bucket-flusher';
import { trafficMonitorService } from '../src/service-definition';
import { dailySeries, dayBefore, seedBuckets } from './support/bucket-seeder';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const TODAY = new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS);
const YESTERDAY = dayBefore(TODAY, 1);

/** The `traffic` channel for organisations that have no alert rules. */
describe('the traffic live channel', () => {
  let service: TestService;
  let client: RedisStreamsClient;
  let gateway: RedisStreamsServer;
  const live: LiveUpdate[] = [];
  const liveOf = (org: OrgMessenger, type: string) =>
    live.filter((update) => update.orgId === org.orgId && update.type === type);
  const ingest = (org: OrgMessenger, events: unknown[]) =>
    org.send(TRAFFIC_INGEST_PATTERN, { events });
  /** A marker published after everything before it: once it arrives, the rest has too. */
  const settle = async () => {
    const marker = new OrgMessenger(client);
    await ingest(marker, [{ eventId: 'marker.event', timestamp: Date.now() - MINUTE_MS }]);
    await service.app.get(BucketFlusher).flushNow();
    await waitUntil(() => liveOf(marker, 'traffic.counts.flushed').length > 0, 'the marker');
  };

  beforeAll(async () => {
    service = await startTestService(trafficMonitorService, {
      env: {
        ALERT_EVALUATION_INTERVAL_MS: '0',
        HEALTH_CACHE_TTL_MS: '0',
        // The flush loop waits long; tests flush with flushNow.
        INGEST_FLUSH_INTERVAL_MS: '60000',
      },
    });
    client = await connectClient(service, 'traffic-monitor');
    gateway = await startTestServer(
      {
        service: 'gateway',
        prefix: service.config.TRANSPORT_PREFIX,
        redisUrl: service.config.REDIS_URL,
      },
      [
        {
          pattern: LIVE_UPDATE_EVENT,
          event: true,
          broadcast: true,
          handler: (update: LiveUpdate) => void live.push(update),
        },
      ],
    );
  });

  afterAll(async () => {
    await client?.close();
    await gateway?.close();
    await service?.close();
  });

  it('publishes one update per organisation and flush, with its counts by event id', async () => {
    const acme = new OrgMessenger(client);
    const globex = new OrgMessenger(client);
    // Minutes still ahead (within the clock skew allowed): due for no flush loop, only flushNow.
    const minute = Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS + 2 * MINUTE_MS;
    await ingest(acme, [
      { eventId: 'shop.view', timestamp: minute + 1000, count: 5 },
      { eventId: 'shop.view', timestamp: minute + 2000, dimensions: { region: 'eu' } },
      { eventId: 'shop.buy', timestamp: minute + MINUTE_MS + 1000, count: 2 },
    ]);
    await ingest(globex, [{ eventId: 'other.view', timestamp: minute + 1000, count: 7 }]);

    await service.app.get(BucketFlusher).flushNow();
    await settle();

    expect(liveOf(acme, 'traffic.counts.flushed')).toEqual([
      {
        orgId: acme.orgId,
        channel: 'traffic',
        type: 'traffic.counts.flushed',
        at: expect.any(String),
        data: {
          from: new Date(minute).toISOString(),
          to: new Date(minute + 2 * MINUTE_MS).toISOString(),
          minutes: 2,
          total: 8,
          counts: [
            { eventId: 'shop.view', count: 6 },
            { eventId: 'shop.buy', count: 2 },
          ],
          truncated: 0,
        } satisfies TrafficCountsFlushedUpdate,
      },
    ]);
    expect(liveOf(globex, 'traffic.counts.flushed')).toHaveLength(1);
    expect(
      (liveOf(globex, 'traffic.counts.flushed')[0]?.data as TrafficCountsFlushedUpdate).counts,
    ).toEqual([{ eventId: 'other.view', count: 7 }]);
  });

  it('publishes status changes of an organisation with traffic and no alert rules', async () => {
    const plain = new OrgMessenger(client);
    const feed = 'shop.checkout.done';
    // Yesterday against the 20 days before it, whatever the default window.
    await plain.send(DASHBOARD_PATTERNS.putConfig, { windowMode: 'lastCompleteDay' });
    await seedBuckets(service.app, plain.orgId, 'day', [
      ...dailySeries(feed, YESTERDAY, 20, 1000),
      { eventId: feed, start: YESTERDAY, count: 100 },
    ]);
    // Its traffic flows: a flush marks it as an organisation whose statuses are watched.
    await ingest(plain, [{ eventId: 'shop.view', timestamp: Date.now() - MINUTE_MS }]);
    await service.app.get(BucketFlusher).flushNow();
    const evaluator = service.app.get(AlertEvaluator);
    const t0 = TODAY.getTime() + 6 * 3_600_000;

    await evaluator.evaluateAll(new Date(t0)); // the first evaluation records the statuses
    await seedBuckets(service.app, plain.orgId, 'day', [
      { eventId: feed, start: YESTERDAY, count: 900 },
    ]);
    await evaluator.evaluateAll(new Date(t0 + MINUTE_MS));
    await settle();

    const updates = liveOf(plain, 'traffic.status.changed');
    expect(updates).toHaveLength(1);
    expect(updates[0]?.channel).toBe('traffic');
    const data = updates[0]?.data as TrafficStatusChangedUpdate;
    expect(data.changes).toEqual([
      expect.objectContaining({ eventId: feed, from: 'CRITICAL', to: 'NORMAL' }),
    ]);
    expect(data.statusCounts['NORMAL']).toBeGreaterThanOrEqual(1);
    expect(data.statusCounts['CRITICAL'] ?? 0).toBe(0);
  });
});
