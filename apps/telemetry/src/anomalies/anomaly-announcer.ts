import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { type Actor, type AnomalyDto, TELEMETRY_ANOMALY_LIVE_EVENTS } from '@vantage/contracts';
import { type Logger, runWithContext } from '@vantage/observability';
import { emitOnlyClient, SERVICE_LOGGER } from '@vantage/service-runtime';
import { publishLiveEvent, type RedisStreamsClient } from '@vantage/transport';
import { TelemetryConfig } from '../config/telemetry.config';

/** Who acts when the detector (not a person) emits: it carries no user. */
const DETECTOR_ACTOR: Actor = { kind: 'service', id: 'telemetry:anomalies', roles: [] };

/**
 * Tells /ws clients about anomalies (channel `telemetry`). No service consumes anomalies yet,
 * so no event stream is written: an event nobody reads would only fill Redis.
 */
@Injectable()
export class AnomalyAnnouncer implements OnApplicationShutdown {
  private readonly client: RedisStreamsClient;

  constructor(config: TelemetryConfig, @Inject(SERVICE_LOGGER) logger: Logger) {
    this.client = emitOnlyClient(config, 'telemetry', logger);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }

  detected(orgId: string, anomaly: AnomalyDto): Promise<void> {
    return runWithContext({ requestId: randomUUID(), orgId, actor: DETECTOR_ACTOR }, () =>
      publishLiveEvent(this.client, {
        orgId,
        type: TELEMETRY_ANOMALY_LIVE_EVENTS.detected,
        data: anomaly,
      }),
    );
  }

  acknowledged(orgId: string, anomaly: AnomalyDto): Promise<void> {
    return publishLiveEvent(this.client, {
      orgId,
      type: TELEMETRY_ANOMALY_LIVE_EVENTS.acknowledged,
      data: anomaly,
    });
  }
}
