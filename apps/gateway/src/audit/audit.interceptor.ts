import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type Observable, tap } from 'rxjs';
import { type GatewayRequest, principalId } from '../auth/principal';
import { AuditService } from './audit.service';
import { AUDITED_ROUTE, type AuditedCall, type AuditedRoute, changedFields } from './audited-route';

/**
 * Writes the audit entry of each successful call of an @Audited route, in the background: the
 * answer does not wait for the store (AuditService.recordInBackground). @Audited puts it on its
 * route; the module of an audited controller imports AuditModule, for AuditService.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const route = this.reflector.get<AuditedRoute | undefined>(AUDITED_ROUTE, context.getHandler());
    if (!route || context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<GatewayRequest>();
    return next.handle().pipe(tap((result: unknown) => this.recordCall(route, request, result)));
  }

  private recordCall(route: AuditedRoute, request: GatewayRequest, result: unknown): void {
    const { principal } = request;
    const call: AuditedCall = {
      params: (request.params ?? {}) as Record<string, string | undefined>,
      body: request.body,
      result,
    };
    this.audit.recordInBackground({
      orgId: principal?.orgId ?? null,
      action: route.action,
      actor: principal
        ? { kind: principal.kind, id: principalId(principal) }
        : { kind: 'anonymous', id: null },
      targetId: route.target?.(call) ?? null,
      ip: request.ip,
      details: (route.details ?? changedFields)(call),
    });
  }
}
