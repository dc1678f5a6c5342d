import pino, { DestinationStream, Logger, LoggerOptions } from 'pino';
import { currentContext } from '../context/request-context';
import { redactionPaths } from './redaction';

export type { Logger } from 'pino';

export interface CreateLoggerOptions {
  readonly service: string;
  readonly level?: string;
  /** Where lines go; stdout when absent. Tests pass a stream to read what was logged. */
  readonly destination?: DestinationStream;
}

/**
 * JSON logs with the service name on every line and, through AsyncLocalStorage, the requestId,
 * orgId and messageId of whatever request or message is being handled.
 */
export function createLogger(options: CreateLoggerOptions): Logger {
  const config: LoggerOptions = {
    level: options.level ?? 'info',
    base: { service: options.service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: redactionPaths(), censor: '[redacted]' },
    mixin() {
      const context = currentContext();
      if (!context) return {};
      return {
        requestId: context.requestId,
        ...(context.orgId ? { orgId: context.orgId } : {}),
        ...(context.messageId ? { messageId: context.messageId } : {}),
        ...(context.actor ? { actorId: context.actor.id } : {}),
      };
    },
  };
  return options.destination ? pino(config, options.destination) : pino(config);
}
