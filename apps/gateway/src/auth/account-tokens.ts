import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { UnauthorizedError } from '@vantage/contracts';
import { AccountToken } from '../identity/identity.schemas';
import { randomToken } from '../identity/ids';
import { hashToken } from './refresh-token.service';

export type AccountTokenPurpose = AccountToken['purpose'];

const PREFIX: Readonly<Record<AccountTokenPurpose, string>> = {
  'verify-email': 'vev_',
  'password-reset': 'vpr_',
};

/**
 * Single-use secrets mailed to a person (verification, reset). Only their sha256 is stored, as
 * the record's `_id`; spending one is a conditional write, so two uses cannot both succeed.
 */
@Injectable()
export class AccountTokens {
  constructor(@InjectModel(AccountToken.name) private readonly tokens: Model<AccountToken>) {}

  async issue(purpose: AccountTokenPurpose, userId: string, ttlSeconds: number) {
    const token = `${PREFIX[purpose]}${randomToken(43)}`;
    const now = new Date();
    const expiresAt = new Date(now.getTime() + ttlSeconds * 1000);
    await this.tokens.create({
      _id: hashToken(token),
      purpose,
      userId,
      expiresAt,
      usedAt: null,
      createdAt: now,
    });
    return { token, expiresAt };
  }

  /** The user the token was for; throws UnauthorizedError when unknown, used, expired or misused. */
  async spend(purpose: AccountTokenPurpose, token: string): Promise<string> {
    const spent = await this.tokens
      .findOneAndUpdate({ _id: hashToken(token), usedAt: null }, { $set: { usedAt: new Date() } })
      .lean();
    if (!spent || spent.purpose !== purpose || spent.expiresAt.getTime() <= Date.now()) {
      throw new UnauthorizedError('the link is invalid, expired or already used');
    }
    return spent.userId;
  }
}
