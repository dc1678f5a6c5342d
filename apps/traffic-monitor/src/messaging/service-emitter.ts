import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from '@vantage/observability';
import { ActingEmitter, SERVICE_LOGGER } from '@vantage/service-runtime';
import { TrafficMonitorConfig } from '../config/traffic-monitor.config';

/**
 * The one emit-only connection that this service's own announcements share (the /ws `traffic`
 * channel, the series feed to telemetry), closed at shutdown.
 */
@Injectable()
export class ServiceEmitter extends ActingEmitter implements OnApplicationShutdown {
  constructor(config: TrafficMonitorConfig, @Inject(SERVICE_LOGGER) logger: Logger) {
    super(config, 'traffic-monitor', logger);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}
