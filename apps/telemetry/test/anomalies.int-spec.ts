import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import {
  type AnomalyDto,
  type AnomalyPageDto,
  LIVE_UPDATE_EVENT,
  type LiveUpdate,
  type SeriesListDto,
  TELEMETRY_ANOMALY_LIVE_EVENTS,
  TELEMETRY_ANOMALY_PATTERNS,
  TELEMETRY_SAMPLES_INGEST_PATTERN,
  TELEMETRY_SERIES_PATTERNS,
} from '@vantage/contracts';
import { OrgMessenger, type TestService } from '@vantage/service-runtime/testing';
import Redis from 'ioredis';
import {
  eventStreamKey,
  type RedisStreamsClient,
  type RedisStreamsServer,
} from '@vantage/transport';
import { startTestServer, waitUntil } from '@vantage/transport/testing';
import { AnomalyScanJob, type ScanReport } from '../src/anomalies/anomaly-scan.job';
import { startTelemetry } from './support/telemetry-under-test';

const HOUR = 3_600_000;
const STEADY_HOURS = 200;

/** About 100, with up to ±3 of repeatable noise (no cycle a seasonal model could learn). */
const steady = (index: number) => 100 + 3 * ((Math.sin(index * 12.9898) * 43_758.5453) % 1);

describe('telemetry anomaly detection', () => {
  let service: TestService | undefined;
  let client: RedisStreamsClient;
  let gateway: RedisStreamsServer;
  let org: OrgMessenger;
  let ids: Record<string, string>;
  let currentHour: number;
  const live: LiveUpdate[] = [];

  let prefix: string | undefined;

  /** Starts a telemetry replica; a restart keeps the database and the transport prefix. */
  const start = async () => {
    ({ service, client } = await startTelemetry({
      ANOMALY_SCAN_INTERVAL_MS: '0',
      ...(prefix === undefined ? {} : { TRANSPORT_PREFIX: prefix }),
    }));
    prefix = service.config.TRANSPORT_PREFIX;
    org = new OrgMessenger(client, org?.orgId);
  };
  const stop = async () => {
    await client?.close();
    await service?.close();
    service = undefined;
  };
  const scan = (now: number): Promise<ScanReport> =>
    (service as TestService).app.get(AnomalyScanJob).scanAll(now);
  const ingest = (samples: { series: string; timestamp: number; value: number | null }[]) =>
    org.send(TELEMETRY_SAMPLES_INGEST_PATTERN, { samples });
  const list = (query: Record<string, unknown> = {}) =>
    org.send<AnomalyPageDto>(TELEMETRY_ANOMALY_PATTERNS.list, query);
  const liveOf = (type: string) =>
    live.filter((update) => update.orgId === org.orgId && update.type === type);

  beforeAll(async () => {
    await start();
    // The scan covers every org of the database: start from an empty one.
    await (service as TestService).app.get<Connection>(getConnectionToken()).dropDatabase();
    const transport = {
      prefix: (service as TestService).config.TRANSPORT_PREFIX,
      redisUrl: (service as TestService).config.REDIS_URL,
    };
    // A gateway replica: every live update is a broadcast it receives for its /ws clients.
    gateway = await startTestServer({ ...transport, service: 'gateway' }, [
      {
        pattern: LIVE_UPDATE_EVENT,
        event: true,
        broadcast: true,
        handler: (update: LiveUpdate) => void live.push(update),
      },
    ]);
    currentHour = Math.floor(Date.now() / HOUR) * HOUR;
    // Hourly, steady, up to two hours ago. `flaky.gauge` also had refused (null) values today.
    const hours = Array.from(
      { length: STEADY_HOURS },
      (_, index) => currentHour - (STEADY_HOURS + 1 - index) * HOUR,
    );
    await ingest([
      ...hours.map((timestamp, index) => ({
        series: 'api.latency',
        timestamp,
        value: steady(index),
      })),
      ...hours.map((timestamp, index) => ({
        series: 'flaky.gauge',
        timestamp,
        value: steady(index),
      })),
      ...[1, 2, 3].map((minutes) => ({
        series: 'flaky.gauge',
        timestamp: currentHour - 3 * HOUR + minutes * 60_000,
        value: null,
      })),
    ]);
    const { items } = await org.send<SeriesListDto>(TELEMETRY_SERIES_PATTERNS.list, {});
    ids = Object.fromEntries(items.map((item) => [item.name, item.id]));
  }, 60_000);

  afterAll(async () => {
    await gateway?.close();
    await stop();
  });

  it('learns a steady series without raising anything', async () => {
    const report = await scan(currentHour - HOUR + 60_000);

    expect(report).toEqual({ series: 2, observed: 2 * STEADY_HOURS, anomalies: 0 });
    expect((await list()).items).toEqual([]);
  });

  it('after a restart, scores only the new point with the remembered state, and stores the spike', async () => {
    await stop();
    await start();
    await ingest([
      { series: 'api.latency', timestamp: currentHour - HOUR, value: 1000 },
      { series: 'flaky.gauge', timestamp: currentHour - HOUR, value: 1000 },
    ]);

    // Had the detectors been forgotten, they would relearn the whole history here.
    const report = await scan(Math.max(Date.now(), currentHour + 60_000));

    expect(report).toEqual({ series: 2, observed: 2, anomalies: 2 });
    const { items } = await list({ seriesId: ids['api.latency'] });
    expect(items).toHaveLength(1);
    const anomaly = items[0] as AnomalyDto;
    expect(anomaly).toMatchObject({
      seriesId: ids['api.latency'],
      timestamp: new Date(currentHour - HOUR).toISOString(),
      stepMs: HOUR,
      status: 'open',
      suppressed: false,
      explanation: { observed: 1000, kind: expect.stringMatching(/spike|out-of-range/) },
    });
    expect(anomaly.score).toBeGreaterThanOrEqual(0.5);
    expect(anomaly.explanation.expectedHigh).toBeLessThan(200);
    expect(anomaly.explanation.expectedLow).toBeGreaterThan(0);
    expect(anomaly.explanation.summary).toMatch(/^value 1000 above the expected range/);
  });

  it('publishes the anomaly on the telemetry channel', async () => {
    await waitUntil(
      () => liveOf(TELEMETRY_ANOMALY_LIVE_EVENTS.detected).length > 0,
      'the live update',
    );
    const updates = liveOf(TELEMETRY_ANOMALY_LIVE_EVENTS.detected);
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({
      channel: 'telemetry',
      data: { seriesId: ids['api.latency'], explanation: { observed: 1000 } },
    });
  });

  it('writes no event stream that no service reads', async () => {
    const { config } = service as TestService;
    const redis = new Redis(config.REDIS_URL);
    try {
      const stream = eventStreamKey(config.TRANSPORT_PREFIX, 'telemetry.anomaly.detected');
      expect(await redis.exists(stream)).toBe(0);
    } finally {
      redis.disconnect();
    }
  });

  it('stores but does not announce an anomaly of a series flagged by data quality', async () => {
    const { items } = await list({ seriesId: ids['flaky.gauge'] });

    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ suppressed: true, qualityReasons: ['invalid_values'] });
    expect(
      liveOf(TELEMETRY_ANOMALY_LIVE_EVENTS.detected).filter(
        (update) => (update.data as AnomalyDto).seriesId === ids['flaky.gauge'],
      ),
    ).toEqual([]);
  });

  it('filters, pages and acknowledges anomalies', async () => {
    const all = await list();
    expect(all.items).toHaveLength(2);
    const spikeAt = new Date(currentHour - HOUR).toISOString();
    expect((await list({ to: spikeAt })).items).toEqual([]);
    expect(
      (await list({ from: spikeAt, to: new Date(currentHour).toISOString() })).items,
    ).toHaveLength(2);
    expect((await list({ minScore: 1 })).items).toEqual(
      all.items.filter((item) => item.score >= 1),
    );
    const first = await list({ limit: 1 });
    const second = await list({ limit: 1, cursor: first.nextCursor });
    expect([...first.items, ...second.items].map((item) => item.id).sort()).toEqual(
      all.items.map((item) => item.id).sort(),
    );
    expect(second.nextCursor).toBeNull();

    const id = all.items[0]?.id as string;
    const acked = await org.send<AnomalyDto>(TELEMETRY_ANOMALY_PATTERNS.acknowledge, { id });
    expect(acked).toMatchObject({ id, status: 'acknowledged', acknowledgedBy: org.actor.id });
    expect(await org.send(TELEMETRY_ANOMALY_PATTERNS.get, { id })).toEqual(acked);
    expect((await list({ status: ['open'] })).items.map((item) => item.id)).not.toContain(id);
    expect((await list({ status: ['acknowledged'] })).items.map((item) => item.id)).toEqual([id]);
    await waitUntil(
      () => liveOf(TELEMETRY_ANOMALY_LIVE_EVENTS.acknowledged).length > 0,
      'the live acknowledgement',
    );
  });

  it("answers 404 for another org's anomaly and an empty list", async () => {
    const { items } = await list();
    const stranger = new OrgMessenger(client);
    const id = items[0]?.id as string;

    expect((await stranger.failure(TELEMETRY_ANOMALY_PATTERNS.get, { id })).status).toBe(404);
    expect((await stranger.failure(TELEMETRY_ANOMALY_PATTERNS.acknowledge, { id })).status).toBe(
      404,
    );
    expect(
      (await stranger.send<AnomalyPageDto>(TELEMETRY_ANOMALY_PATTERNS.list, {})).items,
    ).toEqual([]);
  });

  it('refuses a malformed cursor and a score above 1', async () => {
    expect((await org.failure(TELEMETRY_ANOMALY_PATTERNS.list, { cursor: 'bm9wZQ' })).status).toBe(
      400,
    );
    expect((await org.failure(TELEMETRY_ANOMALY_PATTERNS.list, { minScore: 2 })).status).toBe(400);
  });
});
