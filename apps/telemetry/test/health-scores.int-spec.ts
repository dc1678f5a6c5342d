import {
  type HealthScoreDto,
  type HealthScoreListDto,
  type SampleIngestResultDto,
  SERVICE_NAMES,
  TELEMETRY_HEALTH_SCORE_PATTERNS,
  TELEMETRY_SAMPLES_INGEST_PATTERN,
} from '@vantage/contracts';
import { OrgMessenger, type TestService } from '@vantage/service-runtime/testing';
import type { RedisStreamsClient } from '@vantage/transport';
import { startTelemetry } from './support/telemetry-under-test';

const MINUTE = 60_000;
const DAY = 86_400_000;

describe('health scores over the transport', () => {
  let service: TestService;
  let client: RedisStreamsClient;
  let org: OrgMessenger;

  /** Golden signals of `gateway` for the last five minutes, and its traffic a day earlier. */
  const seed = async (signals: Record<string, number>, requestsDayBefore: number) => {
    const base = Math.floor(Date.now() / MINUTE) * MINUTE;
    const samples = [0, 1, 2, 3, 4].flatMap((minutesAgo) => [
      ...Object.entries(signals).map(([signal, value]) => ({
        series: `vantage.gateway.${signal}`,
        timestamp: base - minutesAgo * MINUTE,
        value,
      })),
      {
        series: 'vantage.gateway.requests',
        timestamp: base - DAY - minutesAgo * MINUTE,
        value: requestsDayBefore,
      },
    ]);
    const result = await org.send<SampleIngestResultDto>(TELEMETRY_SAMPLES_INGEST_PATTERN, {
      samples,
    });
    expect(result.rejected).toBe(0);
  };

  beforeAll(async () => {
    ({ service, client } = await startTelemetry({
      HEALTH_LATENCY_TARGET_MS: '300',
      HEALTH_MEMORY_LIMIT_BYTES: '1000000000',
    }));
    org = new OrgMessenger(client);
    await seed(
      {
        latency_p95_ms: 600, // twice the target: 50
        requests: 1000,
        errors: 10, // 1 %: 50
        cpu_utilisation: 0.1, // 100
        rss_bytes: 100_000_000, // 10 % of the limit: 100
      },
      1000, // same traffic as yesterday: 100
    );
  });

  afterAll(async () => {
    await client?.close();
    await service?.close();
  });

  it('weights the components into a score, grade and status', async () => {
    const score = await org.send<HealthScoreDto>(TELEMETRY_HEALTH_SCORE_PATTERNS.get, {
      service: 'gateway',
    });

    // 50 × 0.3 + 50 × 0.3 + 100 × 0.15 + 100 × 0.15 + 100 × 0.1
    expect(score).toMatchObject({ service: 'gateway', score: 70, grade: 'C-', status: 'degraded' });
    expect(Object.fromEntries(score.components.map((c) => [c.name, [c.score, c.value]]))).toEqual({
      latency: [50, 600],
      errors: [50, 0.01],
      cpu: [100, 0.1],
      memory: [100, 100_000_000],
      traffic: [100, 0],
    });
  });

  it('answers unknown for a service without signals, and every Vantage service in the list', async () => {
    const { items } = await org.send<HealthScoreListDto>(TELEMETRY_HEALTH_SCORE_PATTERNS.list);

    expect(items.map((item) => item.service)).toEqual([...SERVICE_NAMES]);
    expect(items.find((item) => item.service === 'billing')).toMatchObject({
      score: null,
      grade: null,
      status: 'unknown',
    });
    expect(items.find((item) => item.service === 'gateway')?.score).toBe(70);
  });

  it("reads only the caller's organisation", async () => {
    const stranger = new OrgMessenger(client);
    const score = await stranger.send<HealthScoreDto>(TELEMETRY_HEALTH_SCORE_PATTERNS.get, {
      service: 'gateway',
    });

    expect(score.status).toBe('unknown');
  });

  it('refuses a malformed service name', async () => {
    expect(
      await org.failure(TELEMETRY_HEALTH_SCORE_PATTERNS.get, { service: 'Not A Service' }),
    ).toMatchObject({ status: 400 });
  });
});
