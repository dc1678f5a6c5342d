import { SERVICE_NAMES, type ServiceName } from '@vantage/contracts';

/** The services the gateway routes to: every service but itself. */
export type DownstreamService = Exclude<ServiceName, 'gateway'>;

export const DOWNSTREAM_SERVICES: readonly DownstreamService[] = SERVICE_NAMES.filter(
  (name): name is DownstreamService => name !== 'gateway',
);

export function isDownstreamService(value: string): value is DownstreamService {
  return (DOWNSTREAM_SERVICES as readonly string[]).includes(value);
}
