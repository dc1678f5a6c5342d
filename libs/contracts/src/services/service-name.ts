/** The services behind the gateway; each owns a Redis stream of commands named after it. */
export const SERVICE_NAMES = [
  'gateway',
  'traffic-monitor',
  'telemetry',
  'billing',
  'reporting',
] as const;

export type ServiceName = (typeof SERVICE_NAMES)[number];

export function isServiceName(value: string): value is ServiceName {
  return (SERVICE_NAMES as readonly string[]).includes(value);
}
