import { Inject, Injectable } from '@nestjs/common';
import {
  type Actor,
  type LiveEventData,
  TRAFFIC_COUNTS_FLUSHED_LIVE_EVENT,
  TRAFFIC_STATUS_CHANGED_LIVE_EVENT,
  type TrafficCountsFlushedUpdate,
  type TrafficStatusChangedUpdate,
} from '@vantage/contracts';
import type { Logger } from '@vantage/observability';
import { SERVICE_LOGGER } from '@vantage/service-runtime';
import { publishLiveEvent } from '@vantage/transport';
import { ServiceEmitter } from '../messaging/service-emitter';

/** Who acts when the flusher or the evaluator (not a person) publishes. */
const TRAFFIC_ACTOR: Actor = { kind: 'service', id: 'traffic-monitor:traffic', roles: [] };

type TrafficLiveEvent =
  typeof TRAFFIC_COUNTS_FLUSHED_LIVE_EVENT | typeof TRAFFIC_STATUS_CHANGED_LIVE_EVENT;

/**
 * The /ws `traffic` channel: what a flush wrote and which statuses changed, for every
 * organisation with traffic. A live update is best effort, so a failure is logged, never thrown
 * into the flush or the evaluation that caused it.
 */
@Injectable()
export class TrafficLivePublisher {
  constructor(
    private readonly emitter: ServiceEmitter,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {}

  countsFlushed(orgId: string, update: TrafficCountsFlushedUpdate): Promise<void> {
    return this.publish(orgId, TRAFFIC_COUNTS_FLUSHED_LIVE_EVENT, update);
  }

  statusChanged(orgId: string, update: TrafficStatusChangedUpdate): Promise<void> {
    return this.publish(orgId, TRAFFIC_STATUS_CHANGED_LIVE_EVENT, update);
  }

  private async publish<E extends TrafficLiveEvent>(
    orgId: string,
    type: E,
    data: LiveEventData[E],
  ): Promise<void> {
    try {
      await this.emitter.emitAs(orgId, TRAFFIC_ACTOR, (client) =>
        publishLiveEvent(client, { orgId, type, data }),
      );
    } catch (error) {
      this.logger.warn({ orgId, event: type, err: error }, 'traffic live update not published');
    }
  }
}
