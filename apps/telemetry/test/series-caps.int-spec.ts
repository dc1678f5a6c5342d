import {
  type SampleIngestResultDto,
  type SeriesListDto,
  TELEMETRY_SAMPLES_INGEST_PATTERN,
  TELEMETRY_SERIES_PATTERNS,
} from '@vantage/contracts';
import {
  connectClient,
  newOrgId,
  OrgMessenger,
  startTestService,
  type TestService,
} from '@vantage/service-runtime/testing';
import type { RedisStreamsClient } from '@vantage/transport';
import { telemetryService } from '../src/service-definition';

/** Batches sent at once, each starting two new series, against a cap of 4 series. */
const CONCURRENT_BATCHES = 8;

describe('series caps by plan', () => {
  let service: TestService;
  let client: RedisStreamsClient;

  const ingest = (org: OrgMessenger, series: readonly string[]) =>
    org.send<SampleIngestResultDto>(TELEMETRY_SAMPLES_INGEST_PATTERN, {
      samples: series.map((name) => ({ series: name, timestamp: Date.now() - 60_000, value: 1 })),
    });
  const seriesCount = async (org: OrgMessenger) =>
    (await org.send<SeriesListDto>(TELEMETRY_SERIES_PATTERNS.list, { limit: 100 })).items.length;
  const batches = () =>
    Array.from({ length: CONCURRENT_BATCHES }, (_, n) => [`shop.a${n}.count`, `shop.b${n}.count`]);

  beforeAll(async () => {
    service = await startTestService(telemetryService, {
      env: { GOLDEN_SIGNALS_INTERVAL_MS: '0', ORG_CAPS: 'series.free=4,series.pro=6' },
    });
    client = await connectClient(service, 'telemetry', { requestTimeoutMs: 30_000 });
  });

  afterAll(async () => {
    await client?.close();
    await service?.close();
  });

  it('starts no more series than the plan allows when batches arrive together', async () => {
    const org = new OrgMessenger(client, newOrgId(), undefined, 'free');
    const results = await Promise.all(batches().map((series) => ingest(org, series)));

    expect(results.reduce((sum, result) => sum + result.accepted, 0)).toBe(4);
    expect(await seriesCount(org)).toBe(4);
    const refusals = results.flatMap((result) => result.errors);
    expect(refusals).toHaveLength(2 * CONCURRENT_BATCHES - 4);
    for (const refusal of refusals) {
      expect(refusal).toMatchObject({
        reason: 'too_many_series',
        message: expect.stringContaining('the 4 series its plan allows'),
      });
    }
  });

  it("sizes the cap by the plan on the message's envelope", async () => {
    const pro = new OrgMessenger(client, newOrgId(), undefined, 'pro');
    await Promise.all(batches().map((series) => ingest(pro, series)));
    expect(await seriesCount(pro)).toBe(6);
  });

  it('keeps taking samples of the series an org has once it is at its cap', async () => {
    const org = new OrgMessenger(client, newOrgId(), undefined, 'free');
    const known = ['shop.one.count', 'shop.two.count', 'shop.three.count', 'shop.four.count'];
    expect((await ingest(org, known)).accepted).toBe(4);

    const again = await ingest(org, [...known, 'shop.five.count']);

    expect(again).toMatchObject({ accepted: 4, rejected: 1 });
    expect(again.errors).toEqual([
      expect.objectContaining({ index: 4, reason: 'too_many_series' }),
    ]);
  });
});
