import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import {
  type Actor,
  type AnomalyDto,
  TELEMETRY_ANOMALY_DETECTED_EVENT,
  TELEMETRY_ANOMALY_LIVE_EVENTS,
  type TelemetryAnomalyDetectedEvent,
} from '@vantage/contracts';
import { type Logger, runWithContext } from '@vantage/observability';
import { SERVICE_LOGGER } from '@vantage/service-runtime';
import { publishLiveUpdate, RedisStreamsClient } from '@vantage/transport';
import { lastValueFrom } from 'rxjs';
import { TelemetryConfig } from '../config/telemetry.config';

/** Who acts when the detector (not a person) emits: it carries no user. */
const DETECTOR_ACTOR: Actor = { kind: 'service', id: 'telemetry:anomalies', roles: [] };

/**
 * Tells the rest of Vantage about anomalies: `telemetry.anomaly.detected` (for alerts) and
 * live updates on /ws channel `telemetry`.
 */
@Injectable()
export class AnomalyAnnouncer implements OnApplicationShutdown {
  private readonly client: RedisStreamsClient;

  constructor(config: TelemetryConfig, @Inject(SERVICE_LOGGER) logger: Logger) {
    // Emits only, so the target service of the client is never used.
    this.client = new RedisStreamsClient({
      redisUrl: config.REDIS_URL,
      prefix: config.TRANSPORT_PREFIX,
      service: 'telemetry',
      logger,
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }

  detected(orgId: string, anomaly: AnomalyDto): Promise<void> {
    const event: TelemetryAnomalyDetectedEvent = { orgId, anomaly };
    return runWithContext({ requestId: randomUUID(), orgId, actor: DETECTOR_ACTOR }, async () => {
      await lastValueFrom(this.client.emit(TELEMETRY_ANOMALY_DETECTED_EVENT, event), {
        defaultValue: undefined,
      });
      await publishLiveUpdate(this.client, {
        orgId,
        channel: 'telemetry',
        type: TELEMETRY_ANOMALY_LIVE_EVENTS.detected,
        data: anomaly,
      });
    });
  }

  acknowledged(orgId: string, anomaly: AnomalyDto): Promise<void> {
    return publishLiveUpdate(this.client, {
      orgId,
      channel: 'telemetry',
      type: TELEMETRY_ANOMALY_LIVE_EVENTS.acknowledged,
      data: anomaly,
    });
  }
}
