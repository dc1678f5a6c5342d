import { Injectable } from '@nestjs/common';
import { UnauthorizedError } from '@vantage/contracts';
import { ApiKeyService, looksLikeApiKey } from '../api-keys/api-key.service';
import { MembershipDirectory } from '../identity/membership-directory';
import { AccessTokenService, type AccessTokenClaims } from './access-token.service';
import type { Principal, UserPrincipal } from './principal';

/** Turns a presented credential (access JWT or API key) into the principal it stands for. */
@Injectable()
export class CredentialAuthenticator {
  constructor(
    private readonly accessTokens: AccessTokenService,
    private readonly apiKeys: ApiKeyService,
    private readonly memberships: MembershipDirectory,
  ) {}

  /** For callers outside HTTP routes (the WebSocket handshake); throws UnauthorizedError. */
  async authenticate(credential: string): Promise<Principal> {
    if (looksLikeApiKey(credential)) return this.apiKeys.authenticate(credential);
    return this.principalOfClaims(this.accessTokens.verify(credential));
  }

  /** The role is the membership's current one, not the one frozen in the token. */
  async principalOfClaims(claims: AccessTokenClaims): Promise<UserPrincipal> {
    const role = await this.memberships.roleOf(claims.orgId, claims.userId);
    if (!role) throw new UnauthorizedError('you are no longer a member of this organisation');
    return { kind: 'user', userId: claims.userId, orgId: claims.orgId, role, email: claims.email };
  }
}
