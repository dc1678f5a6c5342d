import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ForbiddenError, UnauthorizedError } from '@vantage/contracts';
import { isOperationalPath } from '../shared/operational-paths';
import {
  ACCESS_RULE,
  type AccessRule,
  DEFAULT_ACCESS_RULE,
  PUBLIC_ROUTE,
} from './access.decorators';
import { type GatewayRequest, type Principal, roleRank } from './principal';

/** Decides whether a principal passes a rule; pure, so it is tested on its own. */
export function isAllowed(principal: Principal, rule: AccessRule): boolean {
  if (principal.kind === 'user') {
    return rule.role !== undefined && roleRank(principal.role) >= roleRank(rule.role);
  }
  if (rule.scope === undefined) return false;
  // `admin` keys can do everything a key can; other scopes only what they name.
  return principal.scopes.includes(rule.scope) || principal.scopes.includes('admin');
}

/** Last global guard: the route's @Access rule against the authenticated principal. */
@Injectable()
export class AuthorizationGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    const request = context.switchToHttp().getRequest<GatewayRequest>();
    if (isOperationalPath(request.url)) return true;
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const { principal } = request;
    if (!principal) throw new UnauthorizedError('a bearer token or an API key is required');
    const rule =
      this.reflector.getAllAndOverride<AccessRule>(ACCESS_RULE, targets) ?? DEFAULT_ACCESS_RULE;
    if (isAllowed(principal, rule)) return true;
    throw new ForbiddenError(refusal(principal, rule));
  }
}

function refusal(principal: Principal, rule: AccessRule): string {
  if (principal.kind === 'user') {
    return rule.role ? `this needs the ${rule.role} role or higher` : 'this is for API keys only';
  }
  return rule.scope
    ? `this needs an API key with the ${rule.scope} scope`
    : 'this is for members only';
}
