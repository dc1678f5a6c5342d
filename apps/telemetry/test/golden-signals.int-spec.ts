import { randomBytes } from 'node:crypto';
import { Controller, type DynamicModule, Get, Module } from '@nestjs/common';
import { getModelToken } from '@nestjs/mongoose';
import {
  GOLDEN_SIGNALS_REPORTED_EVENT,
  type GoldenSignalsReportedEvent,
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
  expectKeyedQuery,
  OrgMessenger,
  startTestService,
  type TestService,
} from '@vantage/service-runtime/testing';
import type { RedisStreamsClient } from '@vantage/transport';
import type { Model, mongo } from 'mongoose';
import { lastValueFrom } from 'rxjs';
import { removalsOf } from '../src/golden-signals/golden-signal-reports.repository';
import { StagedGoldenSignals } from '../src/golden-signals/golden-signal-reports.schema';
import { GoldenSignalsFoldJob } from '../src/golden-signals/golden-signals-fold.job';
import { POINTS_MODEL, type PointsBucket } from '../src/series/points.schema';
import { pointsDocId, seriesIdOf } from '../src/series/series-identity';
import { telemetryService } from '../src/service-definition';
import { eventually } from './support/eventually';

/** One per run: the test database outlives runs, and a run reads the last minutes' points. */
const SYSTEM_ORG = `org_vantage_system_${randomBytes(4).toString('hex')}`;
const MINUTE = 60_000;

/** A report of `reporting` replica `instanceId` for the 10 s ending at `periodEndMs`. */
function reportOf(instanceId: string, periodEndMs: number): GoldenSignalsReportedEvent {
  return {
    service: 'reporting',
    instanceId,
    intervalMs: 10_000,
    periodStart: new Date(periodEndMs - 10_000).toISOString(),
    periodEnd: new Date(periodEndMs).toISOString(),
    total: {
      route: '*',
      kind: 'all',
      requests: 10,
      errors: 1,
      requestRate: 1,
      errorRate: 0.1,
      latencyMs: { p50: 1, p95: 2, p99: 3 },
    },
    routes: [],
    process: {
      cpuUtilisation: 0.1,
      rssBytes: 100_000_000,
      heapUsedBytes: 50_000_000,
      eventLoopLagMeanMs: 1,
      eventLoopLagP99Ms: 2,
    },
  };
}

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
  const staged = () =>
    telemetry.app.get<Model<StagedGoldenSignals>>(getModelToken(StagedGoldenSignals.name));
  /** Reports become points when folded (every minute once it has ended, in production). */
  const fold = () => telemetry.app.get(GoldenSignalsFoldJob).fold();

  beforeAll(async () => {
    telemetry = await startTestService(telemetryService, {
      env: {
        GOLDEN_SIGNALS_INTERVAL_MS: '0',
        TELEMETRY_SYSTEM_ORG_ID: SYSTEM_ORG,
        // The tests fold when they read, the minute still running included.
        GOLDEN_SIGNALS_FOLD_INTERVAL_MS: '3600000',
        GOLDEN_SIGNALS_FOLD_DELAY_MS: '-60000',
      },
    });
    probe = await startTestService(probeService, {
      env: {
        GOLDEN_SIGNALS_INTERVAL_MS: '250',
        TRANSPORT_PREFIX: telemetry.config.TRANSPORT_PREFIX,
      },
    });
    // Reports an earlier run staged and did not fold would be folded into this run's org.
    await staged().deleteMany({});
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
      async () => {
        await fold();
        return seriesOf(system, 'vantage.billing.');
      },
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
      async () => {
        await fold();
        return total(find('vantage.billing.errors', 'GET /probe/fail').id);
      },
      (n) => n === 1,
    );
    // Reports are handled concurrently: wait for every one holding the three requests.
    await eventually(
      async () => {
        await fold();
        return total(find('vantage.billing.requests', 'GET /probe/ok').id);
      },
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
      async () => {
        await fold();
        return seriesOf(system, 'vantage.billing.');
      },
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

  it("writes a replica's reports of a minute into each series' buckets once, and a fold run twice once", async () => {
    const minute = Math.floor((Date.now() - 5 * MINUTE) / MINUTE) * MINUTE;
    const points = (resolution: 'minute' | 'hour') =>
      telemetry.app.get<Model<PointsBucket>>(getModelToken(POINTS_MODEL[resolution]))
        .collection as unknown as mongo.Collection<PointsBucket>;
    const requests = seriesIdOf({ name: 'vantage.reporting.requests', labels: {} });
    const bucketOf = (resolution: 'minute' | 'hour', startMs: number) =>
      points(resolution).findOne({ _id: pointsDocId(SYSTEM_ORG, requests, startMs) });

    const hourStart = minute - (minute % (60 * MINUTE));

    for (let period = 1; period <= 6; period += 1) {
      const report = reportOf('reporting-a', minute + period * 10_000 - 1);
      await lastValueFrom(client.emit(GOLDEN_SIGNALS_REPORTED_EVENT, report), {
        defaultValue: undefined,
      });
    }
    // Once all six are handled (staged), two folds at once write the minute's six reports once.
    await eventually(
      () => staged().countDocuments({ 'report.instanceId': 'reporting-a' }),
      (count) => count === 6,
    );
    await Promise.all([fold(), fold()]);

    const stored = await bucketOf('minute', minute);
    expect(stored).toMatchObject({ count: 6, sum: 60, min: 10, max: 10 });
    expect(stored?.batches).toHaveLength(1);
    // Folded reports leave the staging collection, which the fold reads whole: it stays small.
    expect(await staged().countDocuments({ 'report.instanceId': 'reporting-a' })).toBe(0);
    const hour = await bucketOf('hour', hourStart);
    expect(hour).toMatchObject({ count: 6, sum: 60 });
    expect(hour?.batches).toHaveLength(1);
  });

  it('stages a report with an insert and removes folded ones by _id alone, which the store does not scan for', async () => {
    for (const filter of removalsOf(['1-0', '2-0'])) {
      await expectKeyedQuery(staged().collection, { delete: filter });
    }
  });

  it('keeps them in the system organisation only', async () => {
    const other = new OrgMessenger(client);

    expect(await seriesOf(other, 'vantage.')).toEqual([]);
  });
});
