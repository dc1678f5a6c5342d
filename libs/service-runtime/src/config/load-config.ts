import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync, ValidationError } from 'class-validator';
import { ServiceName } from '@vantage/contracts';
import { BaseServiceConfig } from './base-service.config';

export type EnvSource = Readonly<Record<string, string | undefined>>;

export type ConfigClass<C extends BaseServiceConfig> = new () => C;

/** The startup stops with this; its message is the one line printed to stderr. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/** Without OPS_HTTP_PORT, the ops port (probes, /metrics) is HTTP_PORT plus this: 9000 to 9004. */
export const OPS_PORT_OFFSET = 6000;

/** The defaults that differ per service, written as env values. */
export function serviceEnvDefaults(service: ServiceName, httpPort: number): EnvSource {
  return { HTTP_PORT: String(httpPort), MONGO_DB: `vantage_${service.replace(/-/g, '_')}` };
}

/** OPS_HTTP_PORT, else HTTP_PORT + 6000; throws a ConfigError when that is no port. */
export function opsPortOf(config: { HTTP_PORT: number; OPS_HTTP_PORT?: number }): number {
  const port = config.OPS_HTTP_PORT ?? config.HTTP_PORT + OPS_PORT_OFFSET;
  if (port > 65535) {
    throw new ConfigError([
      `OPS_HTTP_PORT must be set when HTTP_PORT is above ${65535 - OPS_PORT_OFFSET}`,
    ]);
  }
  return port;
}

/**
 * Reads the variables the config class declares (and only those) from `env`, falling back to
 * `defaults`, then to the class's own defaults; an empty variable counts as unset. Throws a
 * ConfigError naming every bad variable.
 */
export function loadConfig<C extends BaseServiceConfig>(
  configClass: ConfigClass<C>,
  env: EnvSource,
  defaults: EnvSource = {},
): C {
  const raw: Record<string, string> = {};
  for (const name of declaredVariables(configClass)) {
    const value = nonEmpty(env[name]) ?? nonEmpty(defaults[name]);
    if (value !== undefined) raw[name] = value;
  }
  const config = plainToInstance(configClass, raw);
  const errors = validateSync(config, { forbidUnknownValues: true });
  if (errors.length > 0) {
    throw new ConfigError(errors.map((error) => describe(error, raw[error.property])));
  }
  return config;
}

function declaredVariables(configClass: ConfigClass<BaseServiceConfig>): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(configClass, '', true, false);
  return [...new Set(metadata.map((entry) => entry.propertyName))];
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function describe(error: ValidationError, rawValue: string | undefined): string {
  const rules = Object.values(error.constraints ?? {}).join(' and ');
  return `${rules || `${error.property} is invalid`} (${shown(error.property, rawValue)})`;
}

/** Names of variables that hold credentials: their values are never echoed, even when wrong. */
const SECRET_NAME = /SECRET|PASSWORD|TOKEN|(?:^|_)KEY$/;

function shown(property: string, rawValue: string | undefined): string {
  if (rawValue === undefined) return 'not set';
  if (SECRET_NAME.test(property)) return `a value of ${rawValue.length} characters, not shown`;
  return `got ${JSON.stringify(withoutPassword(rawValue))}`;
}

/** A URL's password must not reach the terminal or the logs of a failed deployment. */
function withoutPassword(value: string): string {
  try {
    const url = new URL(value);
    if (url.password === '') return value;
    url.password = '***';
    return url.toString();
  } catch {
    return value;
  }
}
