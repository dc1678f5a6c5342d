import { Transform } from 'class-transformer';
import { ValidateBy, ValidationOptions } from 'class-validator';

/**
 * Validators whose messages read as the one-line startup error: "<VAR> must be ...". Each sets
 * its own message so a bad variable is named once, in plain words.
 */

/** Env values are strings: digits become a number, anything else stays a string and fails. */
export function IntegerFromEnv(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^[+-]?\d+$/.test(value.trim()) ? Number(value) : value,
  );
}

export function IsIntegerBetween(
  min: number,
  max: number,
  options?: ValidationOptions,
): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isIntegerBetween',
      constraints: [min, max],
      validator: {
        validate: (value: unknown) =>
          typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max,
        defaultMessage: () => `$property must be an integer between ${min} and ${max}`,
      },
    },
    options,
  );
}

export function IsOneOf(
  allowed: readonly string[],
  options?: ValidationOptions,
): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isOneOf',
      constraints: [allowed],
      validator: {
        validate: (value: unknown) => typeof value === 'string' && allowed.includes(value),
        defaultMessage: () => `$property must be one of ${allowed.join(', ')}`,
      },
    },
    options,
  );
}

/** `protocols` without the colon: `['redis', 'rediss']`. */
export function IsUrlWithProtocol(
  protocols: readonly string[],
  options?: ValidationOptions,
): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isUrlWithProtocol',
      constraints: [protocols],
      validator: {
        validate: (value: unknown) => isUrlWithProtocol(value, protocols),
        defaultMessage: () => urlMessage(protocols),
      },
    },
    options,
  );
}

/**
 * IsUrlWithProtocol, or several such URLs comma-separated: the nodes of a Redis Cluster
 * (libs/transport redis-client.ts).
 */
export function IsUrlListWithProtocol(
  protocols: readonly string[],
  options?: ValidationOptions,
): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isUrlListWithProtocol',
      constraints: [protocols],
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string') return false;
          const nodes = value
            .split(',')
            .map((node) => node.trim())
            .filter((node) => node !== '');
          return nodes.length > 0 && nodes.every((node) => isUrlWithProtocol(node, protocols));
        },
        defaultMessage: () => urlMessage(protocols),
      },
    },
    options,
  );
}

function urlMessage(protocols: readonly string[]): string {
  return `$property must be a URL starting with ${protocols.map((p) => `${p}://`).join(' or ')}`;
}

function isUrlWithProtocol(value: unknown, protocols: readonly string[]): boolean {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return protocols.includes(url.protocol.slice(0, -1)) && url.host !== '';
  } catch {
    return false;
  }
}

export function MatchesName(
  pattern: RegExp,
  description: string,
  options?: ValidationOptions,
): PropertyDecorator {
  return ValidateBy(
    {
      name: 'matchesName',
      constraints: [pattern],
      validator: {
        validate: (value: unknown) => typeof value === 'string' && pattern.test(value),
        defaultMessage: () => `$property must be ${description}`,
      },
    },
    options,
  );
}

/**
 * A value `parse` accepts (it throws on anything else); the startup line says what the value
 * should look like (`shape`) and why it was refused (the parser's message).
 */
export function IsAcceptedBy(
  parse: (text: string) => unknown,
  shape: string,
  options?: ValidationOptions,
): PropertyDecorator {
  const problemOf = (text: string): string | null => {
    try {
      parse(text);
      return null;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  };
  return ValidateBy(
    {
      name: 'isAcceptedBy',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && problemOf(value) === null,
        defaultMessage: (args) =>
          `$property must be ${shape} (${problemOf(String(args?.value)) ?? 'invalid'})`,
      },
    },
    options,
  );
}
