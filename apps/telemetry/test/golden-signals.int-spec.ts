import { Controller, type DynamicModule, Get, Module } from '@nestjs/common';
import {
  type SeriesListDto,
  type SeriesPointsDto,
  TELEMETRY_SERIES_PATTERNS,
} from '@vantage/contracts';
import {
  BaseServiceConfig,
  ServiceCoreModule,
  type ServiceDefinition,
  type ServiceRuntime,
} from '@vantage/service-runtime';
import {
  connectClient,
  OrgMessenger,
  startTestService,
  type TestService,
} from '@vantage/service-runtime/testing';
import type { RedisStreamsClient } from '@vantage/transport';
import { telemetryService } from '../src/service-definition';
import { eventually } from './support/eventually';

const SYSTEM_ORG = 'org_vantage_system_test';

@Controller('probe')
class ProbeController {
  @Get('ok')
  ok(): { ok: true } {
    return { ok: true };
  }

  @Get('fail')
  fail(): never {
    throw new Error('the probe fails on purpose');
  }
}

@Module({})
class ProbeAppModule {
  static forRoot(runtime: ServiceRuntime): DynamicModule {
    return {
      module: ProbeAppModule,
      imports: [ServiceCoreModule.forRoot(runtime)],
      controllers: [ProbeController],
    };
  }
}

/** A Vantage service of nothing but the runtime and two routes, reporting as `billing`. */
const probeService: ServiceDefinition = {
  service: 'billing',
  module: (runtime) => ProbeAppModule.forRoot(runtime),
  configClass: BaseServiceConfig,
  defaultPort: 3999,
};

describe('golden signals of a running service, stored as series', () => {
  let telemetry: TestService;
  let probe: TestService;
  let client: RedisStreamsClient;
  let system: OrgMessenger;

  const seriesOf = async (messenger: OrgMessenger, namePrefix: string) =>
    (
      await messenger.send<SeriesListDto>(TELEMETRY_SERIES_PATTERNS.list, {
        namePrefix,
        limit: 1000,
      })
    ).items;
  const total = async (id: string) => {
    const read = await system.send<SeriesPointsDto>(TELEMETRY_SERIES_PATTERNS.points, {
      id,
      from: new Date(Date.now() - 10 * 60_000).toISOString(),
      to: new Date(Date.now() + 60_000).toISOString(),
      step: '1m',
      aggregation: 'sum',
    });
    return read.points.reduce((sum, point) => sum + (point.value ?? 0), 0);
  };

  beforeAll(async () => {
    telemetry = await startTestService(telemetryService, {
      env: { GOLDEN_SIGNALS_INTERVAL_MS: '0', TELEMETRY_SYSTEM_ORG_ID: SYSTEM_ORG },
    });
    probe = await startTestService(probeService, {
      env: {
        GOLDEN_SIGNALS_INTERVAL_MS: '250',
        TRANSPORT_PREFIX: telemetry.config.TRANSPORT_PREFIX,
      },
    });
    client = await connectClient(telemetry, 'telemetry', { requestTimeoutMs: 15_000 });
    system = new OrgMessenger(client, SYSTEM_ORG);
  });

  afterAll(async () => {
    await client?.close();
    await probe?.close();
    await telemetry?.close();
  });

  it('stores requests, errors and latency per route under vantage.<service>.<signal>', async () => {
    for (let i = 0; i < 3; i += 1) expect((await probe.fetch('/probe/ok')).status).toBe(200);
    expect((await probe.fetch('/probe/fail')).status).toBe(500);

    const series = await eventually(
      () => seriesOf(system, 'vantage.billing.'),
      (items) =>
        items.some(
          (item) =>
            item.name === 'vantage.billing.errors' && item.labels['route'] === 'GET /probe/fail',
        ),
    );
    const find = (name: string, route?: string) => {
      const found = series.find((item) => item.name === name && item.labels['route'] === route);
      if (!found)
        throw new Error(
          `no ${name} ${route ?? ''} in ${series.map((item) => item.name).join(', ')}`,
        );
      return found;
    };

    expect(find('vantage.billing.requests', 'GET /probe/ok')).toMatchObject({
      kind: 'count',
      source: 'golden-signals',
      intervalMs: 250,
    });
    // The catalogue is written before the points: wait for the points of the last request.
    await eventually(
      () => total(find('vantage.billing.errors', 'GET /probe/fail').id),
      (n) => n === 1,
    );
    // Reports are handled concurrently: wait for every one holding the three requests.
    await eventually(
      () => total(find('vantage.billing.requests', 'GET /probe/ok').id),
      (n) => n >= 3,
    );
    expect(await total(find('vantage.billing.requests', 'GET /probe/ok').id)).toBe(3);
    expect(await total(find('vantage.billing.errors', 'GET /probe/ok').id)).toBe(0);
    expect(find('vantage.billing.latency_p95_ms', 'GET /probe/ok').kind).toBe('gauge');
    expect(find('vantage.billing.latency_p99_ms')).toBeDefined();
    expect(find('vantage.billing.error_rate')).toBeDefined();
  });

  it('stores process saturation, and leaves probes and scrapes out of the routes', async () => {
    await probe.opsFetch('/health/live');

    const series = await eventually(
      () => seriesOf(system, 'vantage.billing.'),
      (items) => items.some((item) => item.name === 'vantage.billing.event_loop_lag_p99_ms'),
    );
    const rss = series.find((item) => item.name === 'vantage.billing.rss_bytes');
    const lastRss = await system.send<SeriesPointsDto>(TELEMETRY_SERIES_PATTERNS.points, {
      id: rss?.id,
      from: new Date(Date.now() - 5 * 60_000).toISOString(),
      step: '1m',
      aggregation: 'last',
    });

    expect(series.map((item) => item.name)).toEqual(
      expect.arrayContaining([
        'vantage.billing.cpu_utilisation',
        'vantage.billing.heap_used_bytes',
      ]),
    );
    expect(Math.max(...lastRss.points.map((point) => point.value ?? 0))).toBeGreaterThan(1_000_000);
    expect(series.filter((item) => item.labels['route']?.includes('/health/'))).toEqual([]);
  });

  it('keeps them in the system organisation only', async () => {
    const other = new OrgMessenger(client);

    expect(await seriesOf(other, 'vantage.')).toEqual([]);
  });
});
