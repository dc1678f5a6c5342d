import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { ServiceName } from '@vantage/contracts';

export interface ServiceIdentity {
  readonly service: ServiceName;
  /** Unique per replica; also the transport's consumer name, so a ping says who answered. */
  readonly instanceId: string;
}

export function newInstanceId(): string {
  return `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
}
