import { ServiceName } from './service-name';

/** Every service answers this, so the gateway can tell which services are reachable. */
export function pingPattern(service: ServiceName): string {
  return `${service}.system.ping.1`;
}

export interface PingReply {
  readonly service: ServiceName;
  readonly instance: string;
  readonly uptimeSeconds: number;
}
