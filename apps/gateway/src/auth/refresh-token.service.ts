import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { UnauthorizedError } from '@vantage/contracts';
import { GatewayConfig } from '../config/gateway.config';
import { RefreshToken } from '../identity/identity.schemas';
import { newId, randomToken } from '../identity/ids';

const REFRESH_TOKEN_PREFIX = 'vrt_';

export interface IssuedRefreshToken {
  readonly token: string;
  readonly familyId: string;
  readonly expiresAt: Date;
}

export type RotationResult =
  | {
      readonly kind: 'rotated';
      readonly userId: string;
      readonly orgId: string;
      readonly next: IssuedRefreshToken;
    }
  | {
      readonly kind: 'reused';
      readonly userId: string;
      readonly orgId: string;
      readonly familyId: string;
    };

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Refresh tokens are opaque, single-use and rotated: each use spends the token and issues the
 * next one of its family. A spent token presented again means someone else holds a copy, so the
 * whole family (every session descended from that login) is revoked.
 */
@Injectable()
export class RefreshTokenService {
  constructor(
    @InjectModel(RefreshToken.name) private readonly tokens: Model<RefreshToken>,
    private readonly config: GatewayConfig,
  ) {}

  async issue(userId: string, orgId: string, familyId = newId('rtk')): Promise<IssuedRefreshToken> {
    const token = `${REFRESH_TOKEN_PREFIX}${randomToken(43)}`;
    const now = new Date();
    const expiresAt = new Date(now.getTime() + this.config.JWT_REFRESH_TTL_SECONDS * 1000);
    await this.tokens.create({
      _id: newId('rtk'),
      tokenHash: hashToken(token),
      familyId,
      userId,
      orgId,
      expiresAt,
      spentAt: null,
      revokedAt: null,
      createdAt: now,
    });
    return { token, familyId, expiresAt };
  }

  async rotate(token: string): Promise<RotationResult> {
    const stored = await this.tokens.findOne({ tokenHash: hashToken(token) }).lean();
    if (!stored || stored.expiresAt.getTime() <= Date.now()) {
      throw new UnauthorizedError('the refresh token is invalid or expired');
    }
    if (stored.revokedAt) throw new UnauthorizedError('the refresh token was revoked');
    // Spending is a conditional update, so two concurrent uses cannot both succeed: the loser
    // is treated as a reuse, exactly like a replay.
    const spent = await this.tokens.findOneAndUpdate(
      { _id: stored._id, spentAt: null, revokedAt: null },
      { $set: { spentAt: new Date() } },
    );
    if (!spent) {
      await this.revokeFamily(stored.familyId);
      return {
        kind: 'reused',
        userId: stored.userId,
        orgId: stored.orgId,
        familyId: stored.familyId,
      };
    }
    const next = await this.issue(stored.userId, stored.orgId, stored.familyId);
    return { kind: 'rotated', userId: stored.userId, orgId: stored.orgId, next };
  }

  /** Logout: the family of the given token ends; an unknown token is silently ignored. */
  async revokeByToken(token: string): Promise<{ userId: string; orgId: string } | null> {
    const stored = await this.tokens.findOne({ tokenHash: hashToken(token) }).lean();
    if (!stored) return null;
    await this.revokeFamily(stored.familyId);
    return { userId: stored.userId, orgId: stored.orgId };
  }

  /** Every session of a user in an org, e.g. when they are removed from it. */
  async revokeAllOf(userId: string, orgId: string): Promise<void> {
    await this.tokens.updateMany(
      { userId, orgId, revokedAt: null },
      { $set: { revokedAt: new Date() } },
    );
  }

  private async revokeFamily(familyId: string): Promise<void> {
    await this.tokens.updateMany(
      { familyId, revokedAt: null },
      { $set: { revokedAt: new Date() } },
    );
  }
}
