import { ArgumentsHost, Catch, RpcExceptionFilter } from '@nestjs/common';
import { Observable, throwError } from 'rxjs';
import { ErrorPayload } from '@vantage/contracts';
import type { Logger } from '@vantage/observability';
import { RedisStreamsContext } from './redis-streams.context';
import { toErrorPayload } from './to-error-payload';

function patternOf(host: ArgumentsHost): string | undefined {
  const context: unknown = host.switchToRpc().getContext();
  return context instanceof RedisStreamsContext ? context.getPattern() : undefined;
}

/**
 * The one exception filter of the message transport: every handler error leaves as an
 * ErrorPayload, which the gateway maps to problem+json. Unexpected errors are logged with the
 * errorId the caller receives.
 */
@Catch()
export class RpcErrorFilter implements RpcExceptionFilter<unknown> {
  constructor(
    private readonly service: string,
    private readonly logger?: Logger,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): Observable<ErrorPayload> {
    const payload = toErrorPayload(exception, this.service);
    if (payload.errorId) {
      this.logger?.error(
        { err: exception, errorId: payload.errorId, pattern: patternOf(host) },
        'message handler failed',
      );
    }
    return throwError(() => payload);
  }
}
