import { randomUUID } from 'node:crypto';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnModuleInit,
} from '@nestjs/common';
import {
  type Actor,
  GATEWAY_USAGE_RECORDED_EVENT,
  type GatewayUsageRecordedEvent,
  type UsageRecordDto,
} from '@vantage/contracts';
import { type Logger, runWithContext } from '@vantage/observability';
import { SERVICE_LOGGER } from '@vantage/service-runtime';
import { GatewayConfig } from '../config/gateway.config';
import { ServiceRouter } from '../routing/service-router';
import { UsageBuffer } from './usage-buffer';
import { UsageMetrics } from './usage.metrics';

/** Who emits usage events: the gateway itself, on behalf of the org in the envelope. */
const USAGE_ACTOR: Actor = { kind: 'service', id: 'gateway:usage', roles: [] };

/**
 * Collects usage records (sign-ins, authenticated API requests) per org and emits them to
 * reporting as `gateway.usage.recorded`, one event per org and flush. Recording never blocks
 * or fails a request: it only appends in memory, and emission errors are logged and counted.
 */
@Injectable()
export class UsageRecorder implements OnModuleInit, BeforeApplicationShutdown {
  private readonly buffer: UsageBuffer;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly config: GatewayConfig,
    private readonly router: ServiceRouter,
    private readonly metrics: UsageMetrics,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {
    this.buffer = new UsageBuffer(config.USAGE_MAX_BUFFERED_RECORDS);
  }

  onModuleInit(): void {
    this.timer = setInterval(() => void this.flush(), this.config.USAGE_FLUSH_INTERVAL_MS);
    // A pending flush must not keep a closing process alive; shutdown flushes explicitly.
    this.timer.unref();
  }

  /**
   * Before (not on) application shutdown: ServiceRouter closes its transport clients in its
   * own onApplicationShutdown, which Nest may run first, and the last flush needs them.
   */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  /** A user signed in to an org: they count as active that day. */
  login(orgId: string, userId: string): void {
    this.record(orgId, { at: new Date().toISOString(), kind: 'login', userId });
  }

  record(orgId: string, record: UsageRecordDto): void {
    const admission = this.buffer.add(orgId, record);
    if (admission === 'dropped') this.metrics.dropped('buffer_full');
    else if (admission === 'batch-full') void this.flushOrg(orgId);
  }

  /** Emits every org's buffered records; resolves once each emission has settled. */
  async flush(): Promise<void> {
    await Promise.all(this.buffer.orgs().map((orgId) => this.flushOrg(orgId)));
  }

  /** Never rejects: a failed emission loses its records (counted) rather than the request. */
  private async flushOrg(orgId: string): Promise<void> {
    // Taken before the first await: records added meanwhile wait for the next flush, and a
    // full batch is flushed as it fills, so an org never holds more than one event's worth.
    const records = this.buffer.take(orgId);
    if (records.length > 0) await this.emit(orgId, records);
  }

  private async emit(orgId: string, records: UsageRecordDto[]): Promise<void> {
    const event: GatewayUsageRecordedEvent = { records };
    try {
      await runWithContext({ requestId: randomUUID(), orgId, actor: USAGE_ACTOR }, () =>
        this.router.emit('reporting', GATEWAY_USAGE_RECORDED_EVENT, event),
      );
      this.metrics.emitted(records.length);
    } catch (error) {
      this.metrics.emitFailed();
      this.metrics.dropped('emit_failed', records.length);
      this.logger.warn(
        { err: error, orgId, records: records.length },
        'usage records could not be emitted; dropped',
      );
    } finally {
      this.buffer.release(records.length);
    }
  }
}
