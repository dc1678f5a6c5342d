import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type Model, trusted } from 'mongoose';
import { User } from './identity.schemas';
import { MembershipDirectory } from './membership-directory';

/**
 * Which e-mail addresses belong to members of an org, for mail that needs no double opt-in
 * there. Only a proved address counts: an account still waiting for its verification link
 * (anyone can sign up with anyone's address) does not make that address a member's.
 */
@Injectable()
export class MemberAddresses {
  constructor(
    @InjectModel(User.name) private readonly users: Model<User>,
    private readonly directory: MembershipDirectory,
  ) {}

  /** The lower-cased addresses among `emails` of verified members of the org. */
  async among(orgId: string, emails: readonly string[]): Promise<Set<string>> {
    const wanted = [...new Set(emails.map((email) => email.trim().toLowerCase()))];
    if (wanted.length === 0) return new Set();
    const users = await this.users
      .find({ email: trusted({ $in: wanted }) }, { _id: 1, email: 1, emailVerifiedAt: 1 })
      .lean<Pick<User, '_id' | 'email' | 'emailVerifiedAt'>[]>();
    const members = new Set<string>();
    for (const user of users) {
      if (user.emailVerifiedAt === null) continue;
      if ((await this.directory.roleOf(orgId, user._id)) !== null) members.add(user.email);
    }
    return members;
  }
}
