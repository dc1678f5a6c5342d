import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { UnauthorizedError } from '@vantage/contracts';
import type { ApiKeyScope, GatewayRequest, Principal, Role } from './principal';

export const PUBLIC_ROUTE = 'vantage:public-route';
export const ACCESS_RULE = 'vantage:access-rule';

export const CREDENTIAL_IF_SENT = 'vantage:credential-if-sent';

/**
 * Reachable without credentials (rate-limited per IP). A credential sent anyway is ignored, not
 * checked: a stale token in a client's default headers must not turn a sign-up, an unsubscribe
 * link or a Stripe webhook into an undocumented 401.
 */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

/**
 * On a @Public route that acts on a credential when one is sent (logout revokes that access token
 * too): the credential is checked, and a bad one is a 401 the route documents.
 */
export const CredentialIfSent = (): MethodDecorator => SetMetadata(CREDENTIAL_IF_SENT, true);

/**
 * Who may call a route: a member with at least `role`, or an API key holding `scope`. A rule
 * without `scope` is for people only; without `role`, for API keys only. Routes that declare
 * nothing are open to every member and to keys with `read`.
 */
export interface AccessRule {
  readonly role?: Role;
  readonly scope?: ApiKeyScope;
}

export const DEFAULT_ACCESS_RULE: AccessRule = { role: 'viewer', scope: 'read' };

export const Access = (rule: AccessRule): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCESS_RULE, rule);

/** The authenticated caller; only on routes that are not @Public. */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal => {
    const principal = context.switchToHttp().getRequest<GatewayRequest>().principal;
    if (!principal) throw new UnauthorizedError('authentication required');
    return principal;
  },
);
