import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { NotFoundError } from '@vantage/contracts';
import { Membership, User } from '../../identity/identity.schemas';

/**
 * The e-mail of an org's owner: the Stripe customer is created with it, so invoices and
 * dunning mail reach the owner (the customer portal can change it later).
 */
@Injectable()
export class OrgOwnerDirectory {
  constructor(
    @InjectModel(Membership.name) private readonly memberships: Model<Membership>,
    @InjectModel(User.name) private readonly users: Model<User>,
  ) {}

  async ownerEmail(orgId: string): Promise<string> {
    const owner = await this.memberships
      .findOne({ orgId, role: 'owner' }, { userId: 1 })
      .sort({ createdAt: 1 })
      .lean<Pick<Membership, 'userId'>>()
      .exec();
    const user = owner
      ? await this.users.findById(owner.userId, { email: 1 }).lean<Pick<User, 'email'>>().exec()
      : null;
    if (!user) throw new NotFoundError('the organisation has no owner to bill');
    return user.email;
  }
}
