import {
  type ForecastDto,
  type SampleIngestResultDto,
  type SeriesListDto,
  TELEMETRY_FORECAST_PATTERN,
  TELEMETRY_SAMPLES_INGEST_PATTERN,
  TELEMETRY_SERIES_PATTERNS,
} from '@vantage/contracts';
import { OrgMessenger, type TestService } from '@vantage/service-runtime/testing';
import type { RedisStreamsClient } from '@vantage/transport';
import { startTelemetry } from './support/telemetry-under-test';

const HOUR = 3_600_000;

/** A clean daily cycle: 100 ± 30, with a little deterministic wobble. */
const seasonal = (hourMs: number) => {
  const hour = Math.round(hourMs / HOUR);
  return 100 + 30 * Math.sin((2 * Math.PI * (hour % 24)) / 24) + ((hour * 7919) % 5) - 2;
};

describe('telemetry forecasts over the transport', () => {
  let service: TestService;
  let client: RedisStreamsClient;
  let org: OrgMessenger;
  let seriesId: string;
  let shortId: string;
  let currentHour: number;

  const ingest = (samples: { series: string; timestamp: number; value: number }[]) =>
    org.send<SampleIngestResultDto>(TELEMETRY_SAMPLES_INGEST_PATTERN, { samples });
  const forecastOf = (payload: Record<string, unknown>) =>
    org.send<ForecastDto>(TELEMETRY_FORECAST_PATTERN, { seriesId, ...payload });

  beforeAll(async () => {
    ({ service, client } = await startTelemetry({ ANOMALY_SCAN_INTERVAL_MS: '0' }));
    org = new OrgMessenger(client);
    currentHour = Math.floor(Date.now() / HOUR) * HOUR;
    // Ten days of hourly samples, up to the hour before the current one.
    const hours = Array.from({ length: 240 }, (_, index) => currentHour - (240 - index) * HOUR);
    await ingest(
      hours.map((timestamp) => ({ series: 'shop.orders', timestamp, value: seasonal(timestamp) })),
    );
    await ingest(
      hours
        .slice(-5)
        .map((timestamp) => ({ series: 'shop.short', timestamp, value: seasonal(timestamp) })),
    );
    const { items } = await org.send<SeriesListDto>(TELEMETRY_SERIES_PATTERNS.list, {});
    const ids = Object.fromEntries(items.map((item) => [item.name, item.id]));
    seriesId = ids['shop.orders'] as string;
    shortId = ids['shop.short'] as string;
  }, 60_000);

  afterAll(async () => {
    await client?.close();
    await service?.close();
  });

  it('forecasts hourly data hourly, from the hour after the last sample, with nested intervals', async () => {
    const result = await forecastOf({ horizon: 48 });

    expect(result.stepMs).toBe(HOUR);
    expect(result.model).toEqual(expect.any(String));
    expect(result.levels).toEqual([80, 95]);
    expect(result.trainedOn).toEqual({
      from: new Date(currentHour - 240 * HOUR).toISOString(),
      to: new Date(currentHour - HOUR).toISOString(),
      points: 240,
    });
    expect(result.points).toHaveLength(48);
    expect(result.points[0]?.timestamp).toBe(new Date(currentHour).toISOString());
    for (const point of result.points) {
      expect(point.lo95).toBeLessThanOrEqual(point.lo80 as number);
      expect(point.lo80).toBeLessThanOrEqual(point.value);
      expect(point.value).toBeLessThanOrEqual(point.hi80 as number);
      expect(point.hi80).toBeLessThanOrEqual(point.hi95 as number);
    }
    // The cycle is learnt: each forecast is near the pattern it continues.
    for (const point of result.points) {
      expect(Math.abs(point.value - seasonal(Date.parse(point.timestamp)))).toBeLessThan(15);
    }
    const width = (index: number) =>
      (result.points[index]?.hi95 as number) - (result.points[index]?.lo95 as number);
    expect(width(47)).toBeGreaterThanOrEqual(width(0));
  });

  it('answers only the levels asked for', async () => {
    const result = await forecastOf({ horizon: 3, levels: [80] });

    expect(result.levels).toEqual([80]);
    expect(result.points[0]).not.toHaveProperty('lo95');
    expect(result.points[0]).toHaveProperty('lo80');
  });

  it('reuses the cached forecast until a new sample arrives, then refreshes it', async () => {
    const first = await forecastOf({ horizon: 24 });
    const again = await forecastOf({ horizon: 24 });
    expect(again.generatedAt).toBe(first.generatedAt);
    expect(again).toEqual(first);

    await ingest([{ series: 'shop.orders', timestamp: currentHour, value: seasonal(currentHour) }]);
    const refreshed = await forecastOf({ horizon: 24 });

    expect(refreshed.generatedAt).not.toBe(first.generatedAt);
    expect(refreshed.trainedOn.to).toBe(new Date(currentHour).toISOString());
    expect(refreshed.points[0]?.timestamp).toBe(new Date(currentHour + HOUR).toISOString());
  });

  it('refuses a series with too little history, saying why', async () => {
    const failure = await org.failure(TELEMETRY_FORECAST_PATTERN, { seriesId: shortId });

    expect(failure.status).toBe(400);
    expect(failure.message).toMatch(/at least 24 observed points/);
  });

  it('refuses a horizon past 500 and levels other than 80 and 95', async () => {
    expect((await org.failure(TELEMETRY_FORECAST_PATTERN, { seriesId, horizon: 501 })).status).toBe(
      400,
    );
    expect((await org.failure(TELEMETRY_FORECAST_PATTERN, { seriesId, levels: [90] })).status).toBe(
      400,
    );
  });

  it("answers 404 for another org's series", async () => {
    const stranger = new OrgMessenger(client);

    expect((await stranger.failure(TELEMETRY_FORECAST_PATTERN, { seriesId })).status).toBe(404);
  });
});
