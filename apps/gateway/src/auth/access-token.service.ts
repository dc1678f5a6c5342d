import { Injectable } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import { UnauthorizedError } from '@vantage/contracts';
import { GatewayConfig } from '../config/gateway.config';
import { isRole, type Role } from './principal';

/** The one signing algorithm accepted: `alg: none`, RS/HS confusion and others are refused. */
export const ACCESS_TOKEN_ALGORITHM = 'HS256';
const ACCESS_TOKEN_TYPE = 'access';

export interface AccessTokenClaims {
  readonly userId: string;
  readonly orgId: string;
  readonly role: Role;
  readonly email: string;
}

/** Issues and checks the short-lived access JWTs; passport-jwt and /ws verify the same way. */
@Injectable()
export class AccessTokenService {
  constructor(private readonly config: GatewayConfig) {}

  get verifyOptions(): jwt.VerifyOptions & { algorithms: jwt.Algorithm[] } {
    return { algorithms: [ACCESS_TOKEN_ALGORITHM], issuer: this.config.JWT_ISSUER };
  }

  get secret(): string {
    return this.config.JWT_SECRET;
  }

  get lifetimeSeconds(): number {
    return this.config.JWT_ACCESS_TTL_SECONDS;
  }

  issue(claims: AccessTokenClaims): string {
    return jwt.sign(
      { org: claims.orgId, role: claims.role, email: claims.email, typ: ACCESS_TOKEN_TYPE },
      this.config.JWT_SECRET,
      {
        algorithm: ACCESS_TOKEN_ALGORITHM,
        subject: claims.userId,
        issuer: this.config.JWT_ISSUER,
        expiresIn: this.config.JWT_ACCESS_TTL_SECONDS,
      },
    );
  }

  /** Signature, algorithm, issuer and expiry checked; throws UnauthorizedError otherwise. */
  verify(token: string): AccessTokenClaims {
    let payload: unknown;
    try {
      payload = jwt.verify(token, this.config.JWT_SECRET, this.verifyOptions);
    } catch {
      throw new UnauthorizedError('the access token is invalid or expired');
    }
    return claimsOf(payload);
  }
}

/** The claims of a verified payload, refusing tokens of another type or shape. */
export function claimsOf(payload: unknown): AccessTokenClaims {
  if (typeof payload !== 'object' || payload === null) {
    throw new UnauthorizedError('the access token is invalid');
  }
  const { sub, org, role, email, typ } = payload as Record<string, unknown>;
  if (
    typ !== ACCESS_TOKEN_TYPE ||
    typeof sub !== 'string' ||
    typeof org !== 'string' ||
    typeof email !== 'string' ||
    !isRole(role)
  ) {
    throw new UnauthorizedError('the access token is invalid');
  }
  return { userId: sub, orgId: org, role, email };
}
