import { ConfigError } from '@vantage/service-runtime';
import {
  DOWNSTREAM_SERVICES,
  type DownstreamService,
  isDownstreamService,
} from './downstream-services';

/** The same bounds as ROUTE_TIMEOUT_MS: an override is a timeout like any other. */
const MIN_TIMEOUT_MS = 100;
const MAX_TIMEOUT_MS = 120_000;

/**
 * Each service's route timeout: ROUTE_TIMEOUT_MS, replaced for the services named in
 * ROUTE_TIMEOUTS (`telemetry=15000,reporting=10000`). A name that is no downstream service, or a
 * value out of bounds, stops the gateway at boot rather than being silently ignored.
 */
export function routeTimeouts(
  defaultMs: number,
  overrides: string,
): Readonly<Record<DownstreamService, number>> {
  const timeouts = Object.fromEntries(
    DOWNSTREAM_SERVICES.map((service) => [service, defaultMs]),
  ) as Record<DownstreamService, number>;
  const problems: string[] = [];
  for (const entry of overrides.split(',').filter((part) => part.trim() !== '')) {
    const [name = '', value = ''] = entry.split('=').map((part) => part.trim());
    const ms = /^\d+$/.test(value) ? Number(value) : Number.NaN;
    if (!isDownstreamService(name)) {
      problems.push(
        `ROUTE_TIMEOUTS names "${name}", which is not one of ${DOWNSTREAM_SERVICES.join(', ')}`,
      );
    } else if (!(ms >= MIN_TIMEOUT_MS && ms <= MAX_TIMEOUT_MS)) {
      problems.push(
        `ROUTE_TIMEOUTS must give ${name} an integer between ${MIN_TIMEOUT_MS} and ${MAX_TIMEOUT_MS} (got "${value}")`,
      );
    } else {
      timeouts[name] = ms;
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return timeouts;
}
