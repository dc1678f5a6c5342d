import { LoggerService, LogLevel } from '@nestjs/common';
import { Level, Logger } from 'pino';

/** Nest's level names mapped onto pino's, so `Logger.verbose()` in Nest code lands somewhere. */
const PINO_LEVEL: Readonly<Record<LogLevel, Level>> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

// A line break, indentation, then `at `: one way to match any text (`^.*\n\s+` retried every
// run of blank lines).
const STACK_TRACE = /\n[ \t]+at ./s;

/**
 * Lets Nest (its own boot lines, `new Logger(...)` in app code, terminus) write through the pino
 * logger, so every line the process prints is one JSON object with the request context.
 * Nest passes the context as the last string argument and, for errors, a stack before it.
 */
export class NestLoggerAdapter implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('log', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('verbose', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: LogLevel, message: unknown, params: readonly unknown[]): void {
    const pinoLevel = PINO_LEVEL[level];
    if (!this.logger.isLevelEnabled(pinoLevel)) return;

    const rest = [...params];
    const fields: Record<string, unknown> = {};
    const last = rest[rest.length - 1];
    if (rest.length > 0 && typeof last === 'string' && !STACK_TRACE.test(last)) {
      fields['context'] = last;
      rest.pop();
    }
    const stack = rest.findIndex((param) => typeof param === 'string' && STACK_TRACE.test(param));
    if (stack >= 0) {
      fields['stack'] = rest[stack];
      rest.splice(stack, 1);
    }
    const errors = rest.filter((param): param is Error => param instanceof Error);
    if (errors.length > 0) fields['err'] = errors[0];
    const extra = rest.filter((param) => !(param instanceof Error));
    if (extra.length > 0) fields['params'] = extra;

    if (message instanceof Error) {
      this.logger[pinoLevel]({ ...fields, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      const { msg, message: text, ...objectFields } = message as Record<string, unknown>;
      const line = typeof msg === 'string' ? msg : typeof text === 'string' ? text : undefined;
      this.logger[pinoLevel]({ ...objectFields, ...fields }, line);
    } else {
      this.logger[pinoLevel](fields, String(message));
    }
  }
}
