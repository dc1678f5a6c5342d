import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { UnauthorizedError } from '@vantage/contracts';
import { bindIdentity } from '@vantage/observability';
import { AuthFailureLimiter, isUnauthorized } from '../abuse/auth-failure-limiter';
import { ApiKeyService, looksLikeApiKey } from '../api-keys/api-key.service';
import { isOperationalPath } from '../shared/operational-paths';
import { CREDENTIAL_IF_SENT, PUBLIC_ROUTE } from './access.decorators';
import { CredentialAuthenticator } from './credential-authenticator';
import { type GatewayRequest, type Principal, principalId } from './principal';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * First global guard: finds who is calling. An API key comes as `X-API-Key` or as a bearer
 * token starting with `vk_live_`; any other bearer token is an access JWT (CredentialAuthenticator:
 * signature, algorithm HS256, issuer and expiry, then membership and the deny list).
 * The principal goes on the request and into the log/message context. Public routes do not look
 * at credentials, unless they use one when it is sent (@CredentialIfSent).
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  /** Each route's access decorators (by controller, then handler), read from the metadata once. */
  private readonly access = new WeakMap<object, WeakMap<object, RouteAccess>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeyService,
    private readonly failures: AuthFailureLimiter,
    private readonly credentials: CredentialAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<GatewayRequest>();
    if (isOperationalPath(request.url)) return true;
    const { isPublic, credentialIfSent } = this.accessOf(context);
    if (isPublic && !credentialIfSent) return true;
    const credential = presentedCredential(request);
    if (!credential) {
      if (isPublic) return true;
      throw new UnauthorizedError('a bearer token or an API key is required');
    }
    // Before any hashing or lookup: an IP that keeps failing pays nothing more but a 429. An
    // access token verified before needs no hashing: its deny-list check is sent in the same
    // tick as the IP's, so both share one Redis round trip; the IP's answer still comes first.
    const ipChecked = this.failures.assertIpAllowed(request.ip);
    const early =
      credential.kind === 'jwt' && this.credentials.isKnownAccessToken(credential.value)
        ? settled(this.credentials.authenticate(credential.value))
        : undefined;
    await ipChecked;
    let principal: Principal;
    try {
      principal = early
        ? outcomeOf(await early)
        : credential.kind === 'api-key'
          ? await this.apiKeys.authenticate(credential.value)
          : await this.credentials.authenticate(credential.value);
    } catch (error) {
      if (isUnauthorized(error)) await this.failures.recordIpFailure(request.ip);
      throw error;
    }
    request.principal = principal;
    bindIdentity({
      orgId: principal.orgId,
      actor: {
        kind: principal.kind,
        id: principalId(principal),
        roles: principal.kind === 'user' ? [principal.role] : [...principal.scopes],
      },
    });
    return true;
  }

  private accessOf(context: ExecutionContext): RouteAccess {
    const controller = context.getClass();
    const handler = context.getHandler();
    let routes = this.access.get(controller);
    if (routes === undefined) {
      routes = new WeakMap();
      this.access.set(controller, routes);
    }
    let access = routes.get(handler);
    if (access === undefined) {
      const targets = [handler, controller];
      access = {
        isPublic: this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets) === true,
        credentialIfSent:
          this.reflector.getAllAndOverride<boolean>(CREDENTIAL_IF_SENT, targets) === true,
      };
      routes.set(handler, access);
    }
    return access;
  }
}

type Settled<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

/** Never rejects, so a result left unread (the IP check threw first) is no unhandled rejection. */
function settled<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error }),
  );
}

function outcomeOf<T>(result: Settled<T>): T {
  if (result.ok) return result.value;
  throw result.error;
}

interface RouteAccess {
  readonly isPublic: boolean;
  readonly credentialIfSent: boolean;
}

function presentedCredential(
  request: GatewayRequest,
): { kind: 'api-key' | 'jwt'; value: string } | null {
  const headerKey = request.headers['x-api-key'];
  if (typeof headerKey === 'string' && headerKey !== '') {
    return { kind: 'api-key', value: headerKey.trim() };
  }
  const authorization = request.headers.authorization;
  if (typeof authorization !== 'string' || authorization === '') return null;
  const bearer = BEARER.exec(authorization)?.[1];
  if (!bearer) throw new UnauthorizedError('the Authorization header must be `Bearer <token>`');
  return { kind: looksLikeApiKey(bearer) ? 'api-key' : 'jwt', value: bearer };
}
