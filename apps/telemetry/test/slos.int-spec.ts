import {
  LIVE_UPDATE_EVENT,
  type LiveUpdate,
  type SloBurnRateEvent,
  type SloDto,
  type SloListDto,
  type SloStatusDto,
  TELEMETRY_SAMPLES_INGEST_PATTERN,
  TELEMETRY_SLO_PATTERNS,
  type SampleIngestResultDto,
} from '@vantage/contracts';
import { OrgMessenger, type TestService } from '@vantage/service-runtime/testing';
import Redis from 'ioredis';
import {
  eventStreamKey,
  type RedisStreamsClient,
  type RedisStreamsServer,
} from '@vantage/transport';
import { startTestServer } from '@vantage/transport/testing';
import { startTelemetry } from './support/telemetry-under-test';
import { SloBurnRateJob } from '../src/slos/slo-burn-rate.job';
import { eventually } from './support/eventually';

const MINUTE = 60_000;

/** Per-minute request and error counts of `vantage.<service>.*`, `minutesAgo` from `base`. */
function trafficSamples(
  service: string,
  base: number,
  minutes: readonly number[],
  counts: (minutesAgo: number) => { requests: number; errors: number },
) {
  return minutes.flatMap((minutesAgo) => {
    const timestamp = base - minutesAgo * MINUTE;
    const { requests, errors } = counts(minutesAgo);
    return [
      { series: `vantage.${service}.requests`, timestamp, value: requests },
      { series: `vantage.${service}.errors`, timestamp, value: errors },
    ];
  });
}

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, index) => from + index);

describe('SLOs over the transport', () => {
  let service: TestService;
  let client: RedisStreamsClient;
  let listener: RedisStreamsServer;
  const liveUpdates: LiveUpdate[] = [];

  const ingest = async (org: OrgMessenger, samples: unknown[]) => {
    const result = await org.send<SampleIngestResultDto>(TELEMETRY_SAMPLES_INGEST_PATTERN, {
      samples,
    });
    expect(result.rejected).toBe(0);
  };

  beforeAll(async () => {
    ({ service, client } = await startTelemetry({
      SLO_EVALUATION_INTERVAL_MS: '3600000',
      INGEST_MAX_FUTURE_MS: '3600000',
    }));
    listener = await startTestServer(
      { service: 'slo-listener', prefix: service.config.TRANSPORT_PREFIX },
      [
        {
          pattern: LIVE_UPDATE_EVENT,
          event: true,
          broadcast: true,
          handler: (payload: LiveUpdate) => void liveUpdates.push(payload),
        },
      ],
    );
  });

  afterAll(async () => {
    await listener?.close();
    await client?.close();
    await service?.close();
  });

  describe('definitions', () => {
    let org: OrgMessenger;

    beforeAll(() => {
      org = new OrgMessenger(client);
    });

    it('creates an availability SLO on the golden signals with a 30-day window by default', async () => {
      const slo = await org.send<SloDto>(TELEMETRY_SLO_PATTERNS.create, {
        name: 'Checkout availability',
        service: 'checkout',
        kind: 'availability',
        target: 0.999,
      });

      expect(slo).toMatchObject({
        id: expect.stringMatching(/^slo_/),
        windowDays: 30,
        goodSeriesId: null,
        thresholdMs: null,
      });
      expect(await org.send<SloDto>(TELEMETRY_SLO_PATTERNS.get, { id: slo.id })).toEqual(slo);
    });

    it('defaults a latency SLO to the p99 series and refuses one without a threshold', async () => {
      const slo = await org.send<SloDto>(TELEMETRY_SLO_PATTERNS.create, {
        name: 'Checkout latency',
        service: 'checkout',
        kind: 'latency',
        target: 0.99,
        thresholdMs: 250,
      });
      expect(slo).toMatchObject({ percentile: 'p99', thresholdMs: 250 });

      const failure = await org.failure(TELEMETRY_SLO_PATTERNS.create, {
        name: 'No threshold',
        service: 'checkout',
        kind: 'latency',
        target: 0.99,
      });
      expect(failure).toMatchObject({ status: 400, errors: [{ field: 'thresholdMs' }] });
    });

    it('refuses targets outside 0.9..0.99999 and series the org does not have', async () => {
      const base = { name: 'x', service: 'checkout', kind: 'availability' };
      expect(
        await org.failure(TELEMETRY_SLO_PATTERNS.create, { ...base, target: 0.5 }),
      ).toMatchObject({ status: 400 });
      expect(
        await org.failure(TELEMETRY_SLO_PATTERNS.create, { ...base, target: 0.999999 }),
      ).toMatchObject({ status: 400 });
      expect(
        await org.failure(TELEMETRY_SLO_PATTERNS.create, {
          ...base,
          target: 0.99,
          goodSeriesId: 'ser_AAAAAAAAAAAAAAAAAAAAAA',
          totalSeriesId: 'ser_BBBBBBBBBBBBBBBBBBBBBB',
        }),
      ).toMatchObject({
        status: 400,
        errors: [{ field: 'goodSeriesId' }, { field: 'totalSeriesId' }],
      });
    });

    it('updates, hides from other orgs, and deletes', async () => {
      const slo = await org.send<SloDto>(TELEMETRY_SLO_PATTERNS.create, {
        name: 'To change',
        service: 'checkout',
        kind: 'availability',
        target: 0.99,
      });
      const updated = await org.send<SloDto>(TELEMETRY_SLO_PATTERNS.update, {
        id: slo.id,
        target: 0.995,
        windowDays: 7,
      });
      expect(updated).toMatchObject({ target: 0.995, windowDays: 7, name: 'To change' });
      expect(
        await org.failure(TELEMETRY_SLO_PATTERNS.update, { id: slo.id, thresholdMs: 100 }),
      ).toMatchObject({ status: 400 });

      const stranger = new OrgMessenger(client);
      expect(await stranger.failure(TELEMETRY_SLO_PATTERNS.get, { id: slo.id })).toMatchObject({
        status: 404,
      });
      expect(await stranger.failure(TELEMETRY_SLO_PATTERNS.delete, { id: slo.id })).toMatchObject({
        status: 404,
      });

      await org.send(TELEMETRY_SLO_PATTERNS.delete, { id: slo.id });
      expect(await org.failure(TELEMETRY_SLO_PATTERNS.get, { id: slo.id })).toMatchObject({
        status: 404,
      });
      const { items } = await org.send<SloListDto>(TELEMETRY_SLO_PATTERNS.list);
      expect(items.map((item) => item.name)).toEqual(['Checkout availability', 'Checkout latency']);
    });
  });

  it('computes the exact SLI, budget and burn rates from a known error rate', async () => {
    const org = new OrgMessenger(client);
    const base = Math.floor(Date.now() / MINUTE) * MINUTE;
    // 7 hours and one minute of traffic: 2,000 requests and 1 error a minute (0.05 %).
    const minutes = range(0, 420);
    await ingest(
      org,
      trafficSamples('payments', base, minutes, () => ({ requests: 2000, errors: 1 })),
    );
    const slo = await org.send<SloDto>(TELEMETRY_SLO_PATTERNS.create, {
      name: 'Payments',
      service: 'payments',
      kind: 'availability',
      target: 0.999,
    });

    const status = await org.send<SloStatusDto>(TELEMETRY_SLO_PATTERNS.status, { id: slo.id });

    expect(status).toMatchObject({
      sli: 0.9995,
      total: 2000 * minutes.length,
      bad: minutes.length,
      errorBudget: { allowed: 0.001, consumed: 0.5, remaining: 0.5 },
      burnRates: { '5m': 0.5, '30m': 0.5, '1h': 0.5, '6h': 0.5, '3d': 0.5 },
      alerts: [],
    });
  });

  it('judges a latency SLO by the share of minutes whose percentile is under the threshold', async () => {
    const org = new OrgMessenger(client);
    const base = Math.floor(Date.now() / MINUTE) * MINUTE;
    // 100 minutes of p99: one minute in ten over 250 ms.
    await ingest(
      org,
      range(0, 99).map((minutesAgo) => ({
        series: 'vantage.search.latency_p99_ms',
        timestamp: base - minutesAgo * MINUTE,
        value: minutesAgo % 10 === 5 ? 400 : 120,
      })),
    );
    const slo = await org.send<SloDto>(TELEMETRY_SLO_PATTERNS.create, {
      name: 'Search latency',
      service: 'search',
      kind: 'latency',
      target: 0.9,
      thresholdMs: 250,
    });

    const status = await org.send<SloStatusDto>(TELEMETRY_SLO_PATTERNS.status, { id: slo.id });

    // Hours are judged over the SLO window: every hour's mean p99 is under 250 ms.
    expect(status).toMatchObject({ sli: 1, bad: 0 });
    // The 6h window judges minutes: 10 of 100 over the threshold is the whole 10 % budget.
    expect(status.burnRates['6h']).toBe(1);
  });

  it('fires the fast-burn page once during a burst of errors and clears it when errors stop', async () => {
    const org = new OrgMessenger(client);
    const job = service.app.get(SloBurnRateJob);
    const base = Math.floor(Date.now() / MINUTE) * MINUTE;
    // An hour at 2,000 requests a minute; the last 5 minutes fail 400 of them (20 %).
    await ingest(
      org,
      trafficSamples('orders', base, range(0, 59), (ago) => ({
        requests: 2000,
        errors: ago < 5 ? 400 : 0,
      })),
    );
    const slo = await org.send<SloDto>(TELEMETRY_SLO_PATTERNS.create, {
      name: 'Orders',
      service: 'orders',
      kind: 'availability',
      target: 0.999,
    });
    const ours = (announced: SloBurnRateEvent[]) =>
      announced.filter((event) => event.sloId === slo.id);

    const first = ours(await job.evaluateAll(new Date(base + 30_000)));
    const fastPage = first.find((event) => event.rule === 'fast-page');
    expect(fastPage).toMatchObject({
      state: 'firing',
      severity: 'page',
      orgId: org.orgId,
      // 2,000 errors of 120,000 requests over 1h; 2,000 of 10,000 over 5m.
      longBurnRate: expect.closeTo(16.666666667, 6),
      shortBurnRate: 200,
    });
    expect(ours(await job.evaluateAll(new Date(base + 40_000)))).toEqual([]);

    // Ten quiet minutes later the 5m window is clean: the fast page clears; the slower rules,
    // whose windows still hold the burst, keep firing without being announced again.
    await ingest(
      org,
      trafficSamples('orders', base, range(-10, -1), () => ({ requests: 2000, errors: 0 })),
    );
    const later = ours(await job.evaluateAll(new Date(base + 10 * MINUTE + 30_000)));
    expect(later.map((event) => [event.rule, event.state])).toEqual([['fast-page', 'resolved']]);

    await eventually(
      async () =>
        liveUpdates.filter(
          (update) =>
            update.channel === 'telemetry' &&
            (update.data as SloBurnRateEvent).sloId === slo.id &&
            (update.data as SloBurnRateEvent).rule === 'fast-page',
        ),
      (received) => received.length === 2,
    );
    // No service consumes burn-rate changes yet: no event stream may fill up with them.
    const redis = new Redis(service.config.REDIS_URL);
    try {
      const stream = eventStreamKey(service.config.TRANSPORT_PREFIX, 'telemetry.slo.burn-rate');
      expect(await redis.exists(stream)).toBe(0);
    } finally {
      redis.disconnect();
    }
  });
});
