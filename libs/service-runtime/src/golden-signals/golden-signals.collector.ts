import { pingPattern, type GoldenSignalsReportedEvent, type ServiceName } from '@vantage/contracts';
import { DEFAULT_QUIET_ROUTES, httpRequestDurationHistogram } from '@vantage/observability';
import { Histogram, type Registry } from 'prom-client';
import { deltaOf, type HistogramSnapshot, snapshotOf } from './histogram-deltas';
import { ProcessSaturationSampler } from './process-saturation';
import { type RouteFilter, routeSignals } from './route-signals';

/**
 * Routes a report carries, busiest first (the service total counts them all). Telemetry stores
 * seven series per route, each a store write per replica and period: with every route of the
 * gateway in each report (a fuzzer touches them all), those writes were most of what the store
 * did. The busiest 25 are what a per-route view is read for.
 */
export const GOLDEN_SIGNALS_REPORTED_ROUTES = 25;

/** Registered by the transport (libs/observability prometheus-message-metrics.ts). */
const MESSAGE_HISTOGRAM = 'vantage_message_handling_seconds';
const PING_SUFFIX = pingPattern('gateway').slice('gateway'.length);

export interface GoldenSignalsSource {
  readonly service: ServiceName;
  readonly instanceId: string;
  readonly intervalMs: number;
  readonly registry: Registry;
}

/**
 * Turns what the service already measures for /metrics (the HTTP and message duration
 * histograms) into one report per period: the histograms are read at each period's end and
 * differenced against the previous read, so requests and errors are per-period counts and the
 * latency percentiles describe this period only. Process saturation is sampled beside them.
 */
export class GoldenSignalsCollector {
  private readonly saturation = new ProcessSaturationSampler();
  private readonly filter: RouteFilter = {
    quietHttpRoutes: new Set(DEFAULT_QUIET_ROUTES),
    quietPattern: (pattern) => pattern.endsWith(PING_SUFFIX),
  };
  private http: HistogramSnapshot = new Map();
  private messages: HistogramSnapshot = new Map();
  private periodStart = Date.now();

  constructor(private readonly source: GoldenSignalsSource) {}

  /** Starts the first period now. */
  async start(): Promise<void> {
    this.saturation.start();
    [this.http, this.messages] = await this.read();
    this.periodStart = Date.now();
  }

  stop(): void {
    this.saturation.stop();
  }

  /** Ends the current period and answers its report; the next period starts now. */
  async collect(): Promise<GoldenSignalsReportedEvent> {
    const [http, messages] = await this.read();
    const periodEnd = Date.now();
    const elapsedSeconds = Math.max(periodEnd - this.periodStart, 1) / 1000;
    const { total, routes } = routeSignals(
      deltaOf(http, this.http),
      deltaOf(messages, this.messages),
      elapsedSeconds,
      this.filter,
      GOLDEN_SIGNALS_REPORTED_ROUTES,
    );
    const report: GoldenSignalsReportedEvent = {
      service: this.source.service,
      instanceId: this.source.instanceId,
      intervalMs: this.source.intervalMs,
      periodStart: new Date(this.periodStart).toISOString(),
      periodEnd: new Date(periodEnd).toISOString(),
      total,
      routes,
      process: this.saturation.sample(),
    };
    this.http = http;
    this.messages = messages;
    this.periodStart = periodEnd;
    return report;
  }

  private async read(): Promise<[HistogramSnapshot, HistogramSnapshot]> {
    const { registry } = this.source;
    const messages = registry.getSingleMetric(MESSAGE_HISTOGRAM);
    return [
      snapshotOf(await httpRequestDurationHistogram(registry).get()),
      messages instanceof Histogram ? snapshotOf(await messages.get()) : new Map(),
    ];
  }
}
