import { Controller, Type } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { pingPattern, type PingReply } from '@vantage/contracts';
import type { ServiceIdentity } from '../core/service-identity';

/** The pattern names the service, so the handler class is made per service. */
export function createPingHandler(identity: ServiceIdentity): Type<unknown> {
  @Controller()
  class PingHandler {
    @MessagePattern(pingPattern(identity.service))
    ping(): PingReply {
      return {
        service: identity.service,
        instance: identity.instanceId,
        uptimeSeconds: Math.round(process.uptime()),
      };
    }
  }
  return PingHandler;
}
