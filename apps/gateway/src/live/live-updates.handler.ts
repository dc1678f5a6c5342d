import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { LIVE_UPDATE_EVENT } from '@vantage/contracts';
import type { Logger } from '@vantage/observability';
import { SERVICE_LOGGER } from '@vantage/service-runtime';
import { BroadcastEventPattern } from '@vantage/transport';
import { LiveHub } from './live-hub';
import { readLiveUpdate } from './live-update.reader';

/**
 * Where services' live updates enter the gateway. A broadcast, so every replica runs this for
 * every update and hands it to its own subscribers only.
 */
@Controller()
export class LiveUpdatesHandler {
  constructor(
    private readonly hub: LiveHub,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {}

  // `unknown`, not a DTO: the payload is checked by readLiveUpdate (the global pipe skips it).
  @BroadcastEventPattern(LIVE_UPDATE_EVENT)
  onLiveUpdate(@Payload() payload: unknown): void {
    const read = readLiveUpdate(payload);
    if (!read.ok) {
      this.logger.warn({ reason: read.reason }, 'malformed live update dropped');
      return;
    }
    const delivered = this.hub.publish(read.update);
    this.logger.debug(
      {
        orgId: read.update.orgId,
        channel: read.update.channel,
        event: read.update.type,
        delivered,
      },
      'live update delivered',
    );
  }
}
