import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { type Actor, type AnomalyDto, TELEMETRY_ANOMALY_LIVE_EVENTS } from '@vantage/contracts';
import type { Logger } from '@vantage/observability';
import { ActingEmitter, SERVICE_LOGGER } from '@vantage/service-runtime';
import { publishLiveEvent } from '@vantage/transport';
import { TelemetryConfig } from '../config/telemetry.config';

/** Who acts when the detector (not a person) emits: it carries no user. */
const DETECTOR_ACTOR: Actor = { kind: 'service', id: 'telemetry:anomalies', roles: [] };

/**
 * Tells /ws clients about anomalies (channel `telemetry`). No service consumes anomalies yet,
 * so no event stream is written: an event nobody reads would only fill Redis.
 */
@Injectable()
export class AnomalyAnnouncer implements OnApplicationShutdown {
  private readonly emitter: ActingEmitter;

  constructor(config: TelemetryConfig, @Inject(SERVICE_LOGGER) logger: Logger) {
    this.emitter = new ActingEmitter(config, 'telemetry', logger);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.emitter.close();
  }

  detected(orgId: string, anomaly: AnomalyDto): Promise<void> {
    return this.emitter.emitAs(orgId, DETECTOR_ACTOR, (client) =>
      publishLiveEvent(client, {
        orgId,
        type: TELEMETRY_ANOMALY_LIVE_EVENTS.detected,
        data: anomaly,
      }),
    );
  }

  acknowledged(orgId: string, anomaly: AnomalyDto): Promise<void> {
    return this.emitter.emit((client) =>
      publishLiveEvent(client, {
        orgId,
        type: TELEMETRY_ANOMALY_LIVE_EVENTS.acknowledged,
        data: anomaly,
      }),
    );
  }
}
