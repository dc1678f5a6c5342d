import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { GOLDEN_SIGNALS_REPORTED_EVENT } from '@vantage/contracts';
import type { Logger } from '@vantage/observability';
import type { RedisStreamsClient } from '@vantage/transport';
import { register } from 'prom-client';
import { lastValueFrom, timeout } from 'rxjs';
import { BaseServiceConfig } from '../config/base-service.config';
import { SERVICE_CONFIG, SERVICE_IDENTITY, SERVICE_LOGGER } from '../config/service-tokens';
import type { ServiceIdentity } from '../core/service-identity';
import { emitOnlyClient } from '../messaging/emit-only-client';
import { GoldenSignalsCollector } from './golden-signals.collector';

/**
 * Every GOLDEN_SIGNALS_INTERVAL_MS (0: off), emits this replica's golden signals (rates, errors,
 * latency percentiles per route and in total, process saturation) as the
 * `telemetry.golden-signals.reported` event, which the telemetry service stores as series.
 * Started once the app is up, stopped at shutdown. A period whose report cannot be published
 * (Redis away) is dropped; its requests are not carried into the next one.
 */
@Injectable()
export class GoldenSignalsReporter implements OnApplicationBootstrap, OnApplicationShutdown {
  private collector?: GoldenSignalsCollector;
  private client?: RedisStreamsClient;
  private timer?: NodeJS.Timeout;
  private inFlight?: Promise<void>;
  private failureReported = false;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: BaseServiceConfig,
    @Inject(SERVICE_IDENTITY) private readonly identity: ServiceIdentity,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const intervalMs = this.config.GOLDEN_SIGNALS_INTERVAL_MS;
    if (intervalMs === 0) return;
    this.collector = new GoldenSignalsCollector({
      service: this.identity.service,
      instanceId: this.identity.instanceId,
      intervalMs,
      registry: register,
    });
    this.client = emitOnlyClient(this.config, 'telemetry', this.logger);
    await this.collector.start();
    this.timer = setInterval(() => this.tick(intervalMs), intervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.inFlight;
    this.collector?.stop();
    await this.client?.close();
  }

  /** A report still being published when the next is due: that period is merged into the next. */
  private tick(intervalMs: number): void {
    if (this.inFlight) return;
    this.inFlight = this.report(intervalMs).finally(() => {
      this.inFlight = undefined;
    });
  }

  private async report(intervalMs: number): Promise<void> {
    const { collector, client } = this;
    if (!collector || !client) return;
    try {
      const report = await collector.collect();
      await lastValueFrom(
        client.emit(GOLDEN_SIGNALS_REPORTED_EVENT, report).pipe(timeout({ first: intervalMs })),
        { defaultValue: undefined },
      );
      this.failureReported = false;
    } catch (error) {
      if (!this.failureReported) {
        this.logger.warn({ err: error }, 'golden signals not reported; retrying next period');
      }
      this.failureReported = true;
    }
  }
}
