import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AccessTokenService, claimsOf } from './access-token.service';
import { CredentialAuthenticator } from './credential-authenticator';
import type { UserPrincipal } from './principal';

export const JWT_STRATEGY = 'jwt';

/**
 * passport-jwt checks signature, `alg` (HS256 only), issuer and expiry; what is left is whether
 * the user is still a member of the org, with which role now.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, JWT_STRATEGY) {
  constructor(
    accessTokens: AccessTokenService,
    private readonly authenticator: CredentialAuthenticator,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // passport-jwt hands the key to jsonwebtoken.verify untouched, which takes the KeyObject
      // (see JwtSigningKey); only passport-jwt's typings say `string | Buffer`.
      secretOrKey: accessTokens.key as unknown as Buffer,
      algorithms: [...accessTokens.verifyOptions.algorithms],
      issuer: accessTokens.verifyOptions.issuer as string,
      ignoreExpiration: false,
    });
  }

  validate(payload: unknown): Promise<UserPrincipal> {
    return this.authenticator.principalOfClaims(claimsOf(payload));
  }
}
