import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type Model, trusted } from 'mongoose';
import { UnauthorizedError } from '@vantage/contracts';
import { MONGO_WORK_LOCK_TTL_MS, RedisLocks } from '@vantage/service-runtime';
import { GatewayConfig } from '../config/gateway.config';
import { RefreshToken } from '../identity/identity.schemas';
import { newId, randomToken } from '../identity/ids';

const REFRESH_TOKEN_PREFIX = 'vrt_';
/** How long a rotation or revocation waits behind another of the same user's (then 503). */
const USER_LOCK_WAIT_MS = 10_000;

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
    private readonly locks: RedisLocks,
  ) {}

  /** The first token of a new login session (a new family). */
  issue(userId: string, orgId: string): Promise<IssuedRefreshToken> {
    return this.issueInFamily(userId, orgId, { id: newId('rtk'), startedAt: new Date() });
  }

  /**
   * Decided and written holding the user's lock: FerretDB runs a conditional update as a read
   * then a write, so two uses of one token could both spend it (two live sessions from one
   * token), and a revocation interleaved with a spend could be written over.
   */
  async rotate(token: string): Promise<RotationResult> {
    const found = await this.tokens.findOne({ tokenHash: hashToken(token) }).lean();
    if (!found) throw new UnauthorizedError('the refresh token is invalid or expired');
    return this.underUserLock(found.userId, () => this.rotateHoldingLock(found._id));
  }

  private async rotateHoldingLock(tokenId: string): Promise<RotationResult> {
    const stored = await this.tokens.findById(tokenId).lean();
    if (!stored || stored.expiresAt.getTime() <= Date.now()) {
      throw new UnauthorizedError('the refresh token is invalid or expired');
    }
    const familyStartedAt = stored.familyStartedAt ?? stored.createdAt;
    if (this.familyEnd(familyStartedAt) <= Date.now()) {
      throw new UnauthorizedError('the session is too old; sign in again');
    }
    if (stored.revokedAt) throw new UnauthorizedError('the refresh token was revoked');
    // One use at a time (the lock): the second of two concurrent uses finds the token spent and
    // is treated as a reuse, exactly like a replay.
    if (stored.spentAt) {
      await this.revokeFamily(stored.familyId);
      return {
        kind: 'reused',
        userId: stored.userId,
        orgId: stored.orgId,
        familyId: stored.familyId,
      };
    }
    await this.tokens.updateOne({ _id: stored._id }, { $set: { spentAt: new Date() } });
    const next = await this.issueInFamily(stored.userId, stored.orgId, {
      id: stored.familyId,
      startedAt: familyStartedAt,
    });
    return { kind: 'rotated', userId: stored.userId, orgId: stored.orgId, next };
  }

  /** Logout: the family of the given token ends; an unknown token is silently ignored. */
  async revokeByToken(token: string): Promise<{ userId: string; orgId: string } | null> {
    const stored = await this.tokens.findOne({ tokenHash: hashToken(token) }).lean();
    if (!stored) return null;
    await this.underUserLock(stored.userId, () => this.revokeFamily(stored.familyId));
    return { userId: stored.userId, orgId: stored.orgId };
  }

  /** Every session of a user in an org, e.g. when they are removed from it. */
  async revokeAllOf(userId: string, orgId: string): Promise<void> {
    await this.underUserLock(userId, () =>
      this.tokens.updateMany(
        { userId, orgId, revokedAt: null },
        { $set: { revokedAt: new Date() } },
      ),
    );
  }

  /** Password changed: every session of the user, in every org, ends but the one kept. */
  async revokeAllOfUser(userId: string, exceptFamilyId?: string): Promise<void> {
    await this.underUserLock(userId, () =>
      this.tokens.updateMany(
        {
          userId,
          revokedAt: null,
          ...(exceptFamilyId ? { familyId: trusted({ $ne: exceptFamilyId }) } : {}),
        },
        { $set: { revokedAt: new Date() } },
      ),
    );
  }

  private async issueInFamily(
    userId: string,
    orgId: string,
    family: { readonly id: string; readonly startedAt: Date },
  ): Promise<IssuedRefreshToken> {
    const token = `${REFRESH_TOKEN_PREFIX}${randomToken(43)}`;
    const now = new Date();
    const expiresAt = new Date(
      Math.min(
        now.getTime() + this.config.JWT_REFRESH_TTL_SECONDS * 1000,
        this.familyEnd(family.startedAt),
      ),
    );
    await this.tokens.create({
      _id: newId('rtk'),
      tokenHash: hashToken(token),
      familyId: family.id,
      familyStartedAt: family.startedAt,
      userId,
      orgId,
      expiresAt,
      spentAt: null,
      revokedAt: null,
      createdAt: now,
    });
    return { token, familyId: family.id, expiresAt };
  }

  private familyEnd(startedAt: Date): number {
    return startedAt.getTime() + this.config.JWT_REFRESH_FAMILY_MAX_AGE_SECONDS * 1000;
  }

  /** Every write to a user's refresh tokens (spend, revocations) holds this lock. */
  private underUserLock<T>(userId: string, fn: () => Promise<T>): Promise<T> {
    return this.locks.withLock(`refresh:${userId}`, MONGO_WORK_LOCK_TTL_MS, USER_LOCK_WAIT_MS, fn);
  }

  private async revokeFamily(familyId: string): Promise<void> {
    await this.tokens.updateMany(
      { familyId, revokedAt: null },
      { $set: { revokedAt: new Date() } },
    );
  }
}
