import type { KeyObject } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import { UnauthorizedError } from '@vantage/contracts';
import { GatewayConfig } from '../config/gateway.config';
import { randomToken } from '../identity/ids';
import { TtlCache } from '../shared/ttl-cache';
import { JwtSigningKey } from './jwt-signing-key';
import { isRole, type Role } from './principal';

/** The one signing algorithm accepted: `alg: none`, RS/HS confusion and others are refused. */
export const ACCESS_TOKEN_ALGORITHM = 'HS256';
const ACCESS_TOKEN_TYPE = 'access';
/**
 * Tokens remembered as verified, at most; the least recently used is forgotten first. Each entry
 * is a token string and its claims (~1 KB), so the cache stays a few MB however many sessions call.
 */
const VERIFIED_TOKENS_MAX = 5000;

export interface AccessTokenClaims {
  readonly userId: string;
  readonly orgId: string;
  readonly role: Role;
  readonly email: string;
  /** The refresh-token family (login session) the token was issued for. */
  readonly familyId: string;
}

/** What a verified token adds to its claims: its id (`jti`, for the deny list) and expiry. */
export interface VerifiedAccessToken extends AccessTokenClaims {
  readonly tokenId: string;
  readonly expiresAtMs: number;
}

/** Issues and checks the short-lived access JWTs; passport-jwt and /ws verify the same way. */
@Injectable()
export class AccessTokenService {
  readonly verifyOptions: Readonly<jwt.VerifyOptions & { algorithms: jwt.Algorithm[] }>;
  /**
   * Claims of tokens whose signature, algorithm and issuer were checked: the same token string
   * with the same key gives the same answer, and a client presents one token on every request
   * of its session. Only the expiry changes with time; it is checked on every use (an entry
   * outlives no token's lifetime, so it also leaves the cache by then).
   */
  private readonly verified: TtlCache<string, VerifiedAccessToken>;

  constructor(
    private readonly config: GatewayConfig,
    private readonly signingKey: JwtSigningKey,
  ) {
    this.verifyOptions = { algorithms: [ACCESS_TOKEN_ALGORITHM], issuer: signingKey.issuer };
    this.verified = new TtlCache(config.JWT_ACCESS_TTL_SECONDS * 1000, VERIFIED_TOKENS_MAX);
  }

  /** The HMAC key as a KeyObject (see JwtSigningKey); passport-jwt verifies with it too. */
  get key(): KeyObject {
    return this.signingKey.key;
  }

  get lifetimeSeconds(): number {
    return this.config.JWT_ACCESS_TTL_SECONDS;
  }

  issue(claims: AccessTokenClaims): string {
    return jwt.sign(
      {
        org: claims.orgId,
        role: claims.role,
        email: claims.email,
        fam: claims.familyId,
        typ: ACCESS_TOKEN_TYPE,
      },
      this.signingKey.key,
      {
        algorithm: ACCESS_TOKEN_ALGORITHM,
        jwtid: randomToken(22),
        subject: claims.userId,
        issuer: this.signingKey.issuer,
        expiresIn: this.config.JWT_ACCESS_TTL_SECONDS,
      },
    );
  }

  /** Whether `token` was verified before and has not expired: verify() needs no hashing then. */
  isKnown(token: string): boolean {
    const known = this.verified.get(token);
    return known !== undefined && Date.now() < known.expiresAtMs;
  }

  /** Signature, algorithm, issuer and expiry checked; throws UnauthorizedError otherwise. */
  verify(token: string): VerifiedAccessToken {
    const known = this.verified.get(token);
    if (known !== undefined) {
      // jsonwebtoken's rule: expired from the second `exp` on.
      if (Date.now() < known.expiresAtMs) return known;
      this.verified.delete(token);
      throw new UnauthorizedError('the access token is invalid or expired');
    }
    let payload: unknown;
    try {
      payload = jwt.verify(token, this.signingKey.key, this.verifyOptions);
    } catch {
      throw new UnauthorizedError('the access token is invalid or expired');
    }
    const claims = claimsOf(payload);
    this.verified.set(token, claims);
    return claims;
  }
}

/** The claims of a verified payload, refusing tokens of another type or shape. */
export function claimsOf(payload: unknown): VerifiedAccessToken {
  if (typeof payload !== 'object' || payload === null) {
    throw new UnauthorizedError('the access token is invalid');
  }
  const { sub, org, role, email, fam, jti, exp, typ } = payload as Record<string, unknown>;
  if (
    typ !== ACCESS_TOKEN_TYPE ||
    typeof sub !== 'string' ||
    typeof org !== 'string' ||
    typeof email !== 'string' ||
    typeof fam !== 'string' ||
    typeof jti !== 'string' ||
    typeof exp !== 'number' ||
    !isRole(role)
  ) {
    throw new UnauthorizedError('the access token is invalid');
  }
  return {
    userId: sub,
    orgId: org,
    role,
    email,
    familyId: fam,
    tokenId: jti,
    expiresAtMs: exp * 1000,
  };
}
