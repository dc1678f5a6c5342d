import { rmSync } from 'node:fs';
import {
  type AlertDto,
  type AnomalyDto,
  LIVE_EVENTS,
  type LiveChannel,
  liveChannelOf,
  type LiveEventName,
  type SloBurnRateEvent,
  type TrafficCountsFlushedUpdate,
  type TrafficStatusChangedUpdate,
} from '@vantage/contracts';
import { startTestService } from '@vantage/service-runtime/testing';
import { publishLiveUpdate, type RedisStreamsClient } from '@vantage/transport';
import { connectTestClient, waitUntil } from '@vantage/transport/testing';
import { gatewayService } from '../src/service-definition';
import { call, createApiKey, type Gateway, registerOrg, type Session } from './support/gateway-api';
import { type LiveFrame, LiveTestClient } from './support/live-client';
import { realServiceOutDir, startRealService, stopRealServices } from './support/real-service';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Jobs run every second here; an event may still wait for a minute or an hour to close. */
const EVENT_TIMEOUT_MS = 90_000;
jest.setTimeout(EVENT_TIMEOUT_MS + 30_000);

/**
 * Every row of docs/websocket.md's "Channels and events" table, end to end: the real
 * traffic-monitor and telemetry behind a real gateway, each event caused through the public
 * API as a user would, and seen on a real WebSocket on its channel, by its organisation only.
 */
describe('/ws channels and events (gateway, traffic-monitor and telemetry end to end)', () => {
  let gateway: Gateway;
  let outDir: string;
  let markers: RedisStreamsClient;
  let acme: Session;
  let globex: Session;
  let acmeKey: string;
  let globexKey: string;
  let acmeLive: LiveTestClient;
  let globexLive: LiveTestClient;
  let markerCount = 0;
  const seen = new Set<LiveEventName>();

  const api = <T = Record<string, unknown>>(
    method: string,
    path: string,
    options: { apiKey?: string; token?: string; body?: unknown },
  ) => call<T>(gateway, method, path, options);
  const ingest = async (apiKey: string, events: unknown[]) => {
    const answer = await api<{ rejected: number }>('POST', '/api/v1/traffic/events', {
      apiKey,
      body: { events },
    });
    expect(answer.status).toBe(202);
    expect(answer.body.rejected).toBe(0);
  };
  const samples = async (apiKey: string, body: unknown[]) => {
    const answer = await api('POST', '/api/v1/telemetry/samples', {
      apiKey,
      body: { samples: body },
    });
    expect(answer.status).toBe(202);
  };
  const framesOf = (
    client: LiveTestClient,
    event: LiveEventName,
    match: (data: never) => boolean,
  ) => client.updates(event).filter((frame) => match(frame['data'] as never));

  /** Waits for acme's update of `event` matching `match`, and checks its channel. */
  async function received<T>(
    event: LiveEventName,
    match: (data: T) => boolean = () => true,
  ): Promise<{ frame: LiveFrame; data: T }> {
    await waitUntil(
      () => framesOf(acmeLive, event, match as (data: never) => boolean).length > 0,
      `${event} on /ws`,
      EVENT_TIMEOUT_MS,
    );
    const frame = framesOf(acmeLive, event, match as (data: never) => boolean)[0] as LiveFrame;
    expect(frame).toMatchObject({ type: 'update', event, channel: liveChannelOf(event) });
    seen.add(event);
    return { frame, data: frame['data'] as T };
  }

  /**
   * Globex, subscribed to every channel on the same gateway, never got `event`: a marker for
   * globex published after it arrives behind anything the gateway sent it before.
   */
  async function notReceivedByGlobex(event: LiveEventName): Promise<void> {
    const marker = `marker.${(markerCount += 1)}`;
    const channel = liveChannelOf(event) as LiveChannel;
    await publishLiveUpdate(markers, {
      orgId: globex.organization.id,
      channel,
      type: marker,
      data: {},
    });
    await globexLive.waitForUpdate(marker);
    expect(globexLive.updates(event)).toEqual([]);
  }

  beforeAll(async () => {
    gateway = await startTestService(gatewayService);
    outDir = realServiceOutDir('live-channels');
    await Promise.all([
      startRealService('traffic-monitor', gateway, outDir, {
        ALERT_EVALUATION_INTERVAL_MS: '1000',
        HEALTH_CACHE_TTL_MS: '0',
        // Minutes that ended are flushed at once.
        INGEST_FLUSH_GRACE_MS: '0',
      }),
      startRealService('telemetry', gateway, outDir, {
        ANOMALY_SCAN_INTERVAL_MS: '1000',
        SLO_EVALUATION_INTERVAL_MS: '1000',
      }),
    ]);
    markers = await connectTestClient({
      service: 'traffic-monitor',
      prefix: gateway.config.TRANSPORT_PREFIX,
    });
    [acme, globex] = await Promise.all([
      registerOrg(gateway, 'acme'),
      registerOrg(gateway, 'globex'),
    ]);
    [acmeKey, globexKey] = (
      await Promise.all([
        createApiKey(gateway, acme, ['ingest', 'read', 'admin']),
        createApiKey(gateway, globex, ['ingest', 'read', 'admin']),
      ])
    ).map((key) => key.key);
    const everyChannel = Object.keys(LIVE_EVENTS);
    acmeLive = await LiveTestClient.authenticated(gateway, acme.accessToken, everyChannel);
    globexLive = await LiveTestClient.authenticated(gateway, globex.accessToken, everyChannel);
  }, 240_000);

  afterAll(async () => {
    acmeLive?.close();
    globexLive?.close();
    await markers?.close();
    // Also those of a setup that failed half-way: a child left running keeps jest from exiting.
    await stopRealServices();
    await gateway?.close();
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  }, 60_000);

  describe('traffic', () => {
    it('traffic.counts.flushed: the minute counts of an org without alert rules', async () => {
      const lastMinute = Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS - MINUTE_MS;
      await ingest(acmeKey, [
        { eventId: 'shop.view', timestamp: lastMinute + 1000, count: 3 },
        { eventId: 'shop.view', timestamp: lastMinute + 2000, dimensions: { region: 'eu' } },
      ]);
      await ingest(globexKey, [{ eventId: 'globex.secret', timestamp: lastMinute + 1000 }]);

      const { data } = await received<TrafficCountsFlushedUpdate>('traffic.counts.flushed', (d) =>
        d.counts.some((count) => count.eventId === 'shop.view'),
      );

      expect(data).toMatchObject({
        from: new Date(lastMinute).toISOString(),
        minutes: 1,
        total: 4,
        counts: [{ eventId: 'shop.view', count: 4 }],
        truncated: 0,
      });
      // Globex hears of its own minute only.
      await waitUntil(
        () => globexLive.updates('traffic.counts.flushed').length > 0,
        'globex flush',
      );
      expect(JSON.stringify(globexLive.updates())).not.toContain('shop.view');
      expect(JSON.stringify(acmeLive.updates())).not.toContain('globex.secret');
    });

    it('traffic.status.changed: a new event id of an org without alert rules', async () => {
      // Statuses are compared with the previous evaluation: keep adding event ids (one per
      // flush, so evaluations run in between) until one arrives as a change. Each is sent
      // yesterday, an hour ago and just now, so it is in the judged window whatever the
      // organisation's window mode.
      const now = Date.now();
      const times = [
        Math.floor(now / DAY_MS) * DAY_MS - DAY_MS / 2,
        now - HOUR_MS,
        now - 2 * MINUTE_MS,
      ];
      for (let probe = 0; acmeLive.updates('traffic.status.changed').length === 0; probe += 1) {
        if (probe === 30) throw new Error('no traffic.status.changed after 30 new event ids');
        const eventId = `probe.status${probe}`;
        await ingest(
          acmeKey,
          times.map((timestamp) => ({ eventId, timestamp })),
        );
        await waitUntil(
          () =>
            framesOf(acmeLive, 'traffic.counts.flushed', (d: TrafficCountsFlushedUpdate) =>
              d.counts.some((count) => count.eventId === eventId),
            ).length > 0,
          `the flush of ${eventId}`,
          EVENT_TIMEOUT_MS,
        );
      }

      const { data } = await received<TrafficStatusChangedUpdate>('traffic.status.changed');
      expect(data.changes.length).toBeGreaterThan(0);
      expect(data.changes[0]).toMatchObject({
        eventId: expect.stringMatching(/^probe\.status/),
        from: null,
      });
      expect(data.statusCounts).toEqual(expect.any(Object));
      await notReceivedByGlobex('traffic.status.changed');
    });
  });

  describe('alerts', () => {
    let ruleId: string;
    let alertId: string;

    it('alert.raised: a rule whose condition holds opens an alert', async () => {
      const rule = await api<{ id: string }>('POST', '/api/v1/alerts/rules', {
        token: acme.accessToken,
        body: {
          name: 'Probes not normal',
          condition: {
            kind: 'status',
            statuses: ['CRITICAL', 'WARNING', 'INCREASED', 'LOW_VOLUME', 'NO_BASELINE'],
            eventIdGlob: 'probe.*',
          },
        },
      });
      expect(rule.status).toBe(201);
      ruleId = rule.body.id;

      const { data } = await received<AlertDto>('alert.raised', (d) => d.ruleId === ruleId);
      expect(data).toMatchObject({ ruleId, ruleName: 'Probes not normal', status: 'open' });
      alertId = data.id;
      await notReceivedByGlobex('alert.raised');
    });

    it('alert.acknowledged: a member acknowledges the alert', async () => {
      const answer = await api('POST', `/api/v1/alerts/${alertId}/acknowledge`, {
        token: acme.accessToken,
      });
      expect(answer.status).toBe(200);

      const { data } = await received<AlertDto>('alert.acknowledged', (d) => d.id === alertId);
      expect(data).toMatchObject({
        id: alertId,
        status: 'acknowledged',
        ackBy: expect.any(String),
      });
      await notReceivedByGlobex('alert.acknowledged');
    });

    it('alert.resolved: deleting the rule resolves its alert', async () => {
      const answer = await api('DELETE', `/api/v1/alerts/rules/${ruleId}`, {
        token: acme.accessToken,
      });
      expect(answer.status).toBe(200);

      const { data } = await received<AlertDto>('alert.resolved', (d) => d.id === alertId);
      expect(data).toMatchObject({ status: 'resolved', resolvedReason: 'rule-deleted' });
      await notReceivedByGlobex('alert.resolved');
    });
  });

  describe('telemetry', () => {
    let anomalyId: string;

    it('anomaly.detected: a spike after 200 steady hours', async () => {
      const currentHour = Math.floor(Date.now() / HOUR_MS) * HOUR_MS;
      const steady = Array.from({ length: 200 }, (_, index) => ({
        series: 'live.latency',
        timestamp: currentHour - (201 - index) * HOUR_MS,
        value: 100 + 3 * ((Math.sin(index * 12.9898) * 43_758.5453) % 1),
      }));
      // The spike first: a scan that reads the batch half written then still sees it.
      await samples(acmeKey, [
        { series: 'live.latency', timestamp: currentHour - HOUR_MS, value: 1000 },
        ...steady,
      ]);

      const { data } = await received<AnomalyDto>(
        'anomaly.detected',
        (d) => d.explanation.observed === 1000,
      );
      expect(data).toMatchObject({
        status: 'open',
        timestamp: new Date(currentHour - HOUR_MS).toISOString(),
      });
      anomalyId = data.id;
      await notReceivedByGlobex('anomaly.detected');
    });

    it('anomaly.acknowledged: a member acknowledges the anomaly', async () => {
      const answer = await api('POST', `/api/v1/telemetry/anomalies/${anomalyId}/acknowledge`, {
        token: acme.accessToken,
      });
      expect(answer.status).toBe(200);

      const { data } = await received<AnomalyDto>(
        'anomaly.acknowledged',
        (d) => d.id === anomalyId,
      );
      expect(data).toMatchObject({ status: 'acknowledged', acknowledgedBy: expect.any(String) });
      await notReceivedByGlobex('anomaly.acknowledged');
    });

    it('slo.burn-rate: errors burn an SLO’s budget fast enough to page', async () => {
      const base = Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS;
      // An hour at 2,000 requests a minute; half of them fail in the last five minutes.
      await samples(
        acmeKey,
        Array.from({ length: 60 }, (_, ago) => [
          { series: 'vantage.checkout.requests', timestamp: base - ago * MINUTE_MS, value: 2000 },
          {
            series: 'vantage.checkout.errors',
            timestamp: base - ago * MINUTE_MS,
            value: ago < 5 ? 1000 : 0,
          },
        ]).flat(),
      );
      const slo = await api<{ id: string }>('POST', '/api/v1/telemetry/slos', {
        token: acme.accessToken,
        body: { name: 'Checkout', service: 'checkout', kind: 'availability', target: 0.999 },
      });
      expect(slo.status).toBe(201);

      const { data } = await received<SloBurnRateEvent>(
        'slo.burn-rate',
        (d) => d.sloId === slo.body.id && d.rule === 'fast-page',
      );
      expect(data).toMatchObject({ state: 'firing', severity: 'page', service: 'checkout' });
      await notReceivedByGlobex('slo.burn-rate');
    });
  });

  it('covered every event of the contracts', () => {
    expect([...seen].sort()).toEqual(Object.values(LIVE_EVENTS).flat().sort());
  });
});
