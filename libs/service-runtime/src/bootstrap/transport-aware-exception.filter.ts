import { ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import { BaseExceptionFilter, HttpAdapterHost } from '@nestjs/core';
import { Observable } from 'rxjs';

/**
 * The app-wide exception filter of a hybrid (HTTP + messages) service. Nest shares global filters
 * between the two, so errors are routed by context: message handlers' errors go to the
 * transport's filter (an ErrorPayload back to the caller), HTTP errors to problem+json, and
 * anything else (a WebSocket gateway) to Nest's default handling.
 */
@Catch()
export class TransportAwareExceptionFilter extends BaseExceptionFilter {
  constructor(
    adapterHost: HttpAdapterHost,
    private readonly rpcFilter: ExceptionFilter,
    private readonly httpFilter: ExceptionFilter,
  ) {
    super(adapterHost.httpAdapter);
  }

  override catch(exception: unknown, host: ArgumentsHost): Observable<unknown> | void {
    switch (host.getType()) {
      case 'rpc':
        return this.rpcFilter.catch(exception, host) as Observable<unknown>;
      case 'http':
        this.httpFilter.catch(exception, host);
        return;
      case 'ws':
      default:
        super.catch(exception, host);
    }
  }
}
