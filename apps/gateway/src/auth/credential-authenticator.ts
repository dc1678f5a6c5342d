import { Injectable } from '@nestjs/common';
import { UnauthorizedError } from '@vantage/contracts';
import { ApiKeyService, looksLikeApiKey } from '../api-keys/api-key.service';
import { MembershipDirectory } from '../identity/membership-directory';
import { AccessTokenDenyList } from '../abuse/access-token-deny-list';
import { AccessTokenService, type VerifiedAccessToken } from './access-token.service';
import type { Principal, UserPrincipal } from './principal';

/** Turns a presented credential (access JWT or API key) into the principal it stands for. */
@Injectable()
export class CredentialAuthenticator {
  constructor(
    private readonly accessTokens: AccessTokenService,
    private readonly apiKeys: ApiKeyService,
    private readonly memberships: MembershipDirectory,
    private readonly denyList: AccessTokenDenyList,
  ) {}

  /** For callers outside HTTP routes (the WebSocket handshake); throws UnauthorizedError. */
  async authenticate(credential: string): Promise<Principal> {
    if (looksLikeApiKey(credential)) return this.apiKeys.authenticate(credential);
    return this.principalOfClaims(this.accessTokens.verify(credential));
  }

  /** An access token verified before (and not expired): authenticating it hashes nothing. */
  isKnownAccessToken(credential: string): boolean {
    return !looksLikeApiKey(credential) && this.accessTokens.isKnown(credential);
  }

  /**
   * The role is the membership's current one, not the one frozen in the token; a token ended by
   * logout is refused although its signature and expiry are fine.
   */
  async principalOfClaims(claims: VerifiedAccessToken): Promise<UserPrincipal> {
    const [role, denied] = await Promise.all([
      this.memberships.roleOf(claims.orgId, claims.userId),
      this.denyList.isDenied(claims.tokenId),
    ]);
    if (denied) throw new UnauthorizedError('the access token was revoked (signed out)');
    if (!role) throw new UnauthorizedError('you are no longer a member of this organisation');
    return {
      kind: 'user',
      userId: claims.userId,
      orgId: claims.orgId,
      role,
      email: claims.email,
      session: {
        familyId: claims.familyId,
        tokenId: claims.tokenId,
        expiresAtMs: claims.expiresAtMs,
      },
    };
  }
}
