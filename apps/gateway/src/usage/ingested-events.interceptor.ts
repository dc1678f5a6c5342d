import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { type Observable, tap } from 'rxjs';
import { acceptedCountOf } from './usage-request';

/** Where the ingest route leaves its accepted count for UsageCapture's onResponse hook. */
const ingestedCounts = new WeakMap<FastifyRequest, number>();

/** How many events the ingest route accepted for this request, once it answered. */
export function eventsIngestedBy(request: FastifyRequest): number | undefined {
  return ingestedCounts.get(request);
}

/**
 * Reads the ingest route's result, which the usage hook cannot see: the route's own interceptor
 * (@UseInterceptors on the route), so that no other route pays for an rxjs pipeline.
 */
@Injectable()
export class IngestedEventsInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    return next.handle().pipe(
      tap((result) => {
        const accepted = acceptedCountOf(result);
        if (accepted !== undefined) ingestedCounts.set(request, accepted);
      }),
    );
  }
}
