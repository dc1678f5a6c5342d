import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { Role } from '../auth/principal';
import { TtlCache } from '../shared/ttl-cache';
import { Membership } from './identity.schemas';

/**
 * Whether a user still belongs to an org, and with which role. Access tokens carry the role
 * they were issued with, but a demoted or removed member must lose it before the token expires:
 * every request checks here, and the answer is cached for a few seconds only.
 */
@Injectable()
export class MembershipDirectory {
  private readonly cache = new TtlCache<string, Role | null>(10_000, 50_000);

  constructor(@InjectModel(Membership.name) private readonly memberships: Model<Membership>) {}

  async roleOf(orgId: string, userId: string): Promise<Role | null> {
    const key = `${orgId}/${userId}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const membership = await this.memberships.findOne({ orgId, userId }, { role: 1 }).lean();
    const role = membership?.role ?? null;
    this.cache.set(key, role);
    return role;
  }

  /** After a change made by this replica; the others see it when their entry expires. */
  forget(orgId: string, userId: string): void {
    this.cache.delete(`${orgId}/${userId}`);
  }
}
