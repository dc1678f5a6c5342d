import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { ConflictError, ForbiddenError, NotFoundError } from '@vantage/contracts';
import { AuditService } from '../audit/audit.service';
import { organizationDto } from '../auth/auth.service';
import type { OrganizationDto } from '../auth/auth.dto';
import { RefreshTokenService } from '../auth/refresh-token.service';
import { type Principal, principalId, type Role, roleRank } from '../auth/principal';
import { Membership, Organization, User } from '../identity/identity.schemas';
import { MembershipDirectory } from '../identity/membership-directory';
import type { MemberDto, UpdateOrgDto } from './org.dto';

/**
 * Members and settings of the caller's organisation. Every query is scoped by the caller's org,
 * so another org's member id is simply not found.
 */
@Injectable()
export class MembersService {
  constructor(
    @InjectModel(Membership.name) private readonly memberships: Model<Membership>,
    @InjectModel(User.name) private readonly users: Model<User>,
    @InjectModel(Organization.name) private readonly orgs: Model<Organization>,
    private readonly directory: MembershipDirectory,
    private readonly refreshTokens: RefreshTokenService,
    private readonly audit: AuditService,
  ) {}

  async organization(orgId: string): Promise<OrganizationDto> {
    const org = await this.orgs.findById(orgId).lean();
    if (!org) throw new NotFoundError('the organisation no longer exists');
    return organizationDto(org);
  }

  async updateSettings(
    actor: Principal,
    input: UpdateOrgDto,
    ip: string,
  ): Promise<OrganizationDto> {
    const changes = Object.fromEntries(
      Object.entries({ name: input.name, timezone: input.timezone }).filter(
        ([, v]) => v !== undefined,
      ),
    );
    const org = await this.orgs
      .findOneAndUpdate({ _id: actor.orgId }, { $set: changes }, { new: true })
      .lean();
    if (!org) throw new NotFoundError('the organisation no longer exists');
    await this.audit.record({
      orgId: actor.orgId,
      action: 'org.settings_changed',
      actor: { kind: actor.kind, id: principalId(actor) },
      ip,
      details: changes,
    });
    return organizationDto(org);
  }

  async list(orgId: string): Promise<MemberDto[]> {
    const memberships = await this.memberships.find({ orgId }).sort({ createdAt: 1 }).lean();
    const users = await this.users
      .find({ _id: { $in: memberships.map((m) => m.userId) } }, { passwordHash: 0 })
      .lean();
    const byId = new Map(users.map((user) => [user._id, user]));
    return memberships.flatMap((membership) => {
      const user = byId.get(membership.userId);
      if (!user) return [];
      return [
        {
          userId: user._id,
          email: user.email,
          name: user.name,
          role: membership.role,
          joinedAt: membership.createdAt.toISOString(),
        },
      ];
    });
  }

  async changeRole(actor: Principal, userId: string, role: Role, ip: string): Promise<MemberDto> {
    const membership = await this.memberOf(actor.orgId, userId);
    this.assertMayManage(actor, membership.role, role);
    if (membership.role === role) return this.memberDto(membership);
    await this.memberships.updateOne({ _id: membership._id }, { $set: { role } });
    if (membership.role === 'owner')
      await this.keepAnOwner(membership, () =>
        this.memberships.updateOne({ _id: membership._id }, { $set: { role: 'owner' } }),
      );
    this.directory.forget(actor.orgId, userId);
    await this.audit.record({
      orgId: actor.orgId,
      action: 'member.role_changed',
      actor: { kind: actor.kind, id: principalId(actor) },
      targetId: userId,
      ip,
      details: { from: membership.role, to: role },
    });
    return this.memberDto({ ...membership, role });
  }

  async remove(actor: Principal, userId: string, ip: string): Promise<void> {
    const membership = await this.memberOf(actor.orgId, userId);
    this.assertMayManage(actor, membership.role, membership.role);
    await this.memberships.deleteOne({ _id: membership._id });
    if (membership.role === 'owner')
      await this.keepAnOwner(membership, async () => {
        await this.memberships.create(membership);
      });
    this.directory.forget(actor.orgId, userId);
    await this.refreshTokens.revokeAllOf(userId, actor.orgId);
    await this.audit.record({
      orgId: actor.orgId,
      action: 'member.removed',
      actor: { kind: actor.kind, id: principalId(actor) },
      targetId: userId,
      ip,
      details: { role: membership.role },
    });
  }

  private async memberOf(orgId: string, userId: string): Promise<Membership> {
    const membership = await this.memberships.findOne({ orgId, userId }).lean();
    if (!membership) throw new NotFoundError('no such member');
    return membership;
  }

  /** Owners are managed by owners only; nobody grants a role above their own. */
  private assertMayManage(actor: Principal, currentRole: Role, newRole: Role): void {
    // An API key with the admin scope stands where an admin does.
    const actorRole: Role = actor.kind === 'user' ? actor.role : 'admin';
    const touchesOwner = currentRole === 'owner' || newRole === 'owner';
    if (touchesOwner && actorRole !== 'owner') {
      throw new ForbiddenError('only an owner can change or remove an owner');
    }
    if (roleRank(newRole) > roleRank(actorRole)) {
      throw new ForbiddenError('you cannot grant a role above your own');
    }
  }

  /**
   * Without transactions the last-owner rule is checked after the change: if no owner is left
   * (the last one, or two owners demoting each other at once), the change is undone.
   */
  private async keepAnOwner(membership: Membership, undo: () => Promise<unknown>): Promise<void> {
    const owners = await this.memberships.countDocuments({
      orgId: membership.orgId,
      role: 'owner',
    });
    if (owners > 0) return;
    await undo();
    throw new ConflictError('an organisation must keep at least one owner');
  }

  private async memberDto(membership: Membership): Promise<MemberDto> {
    const user = await this.users.findById(membership.userId).lean();
    return {
      userId: membership.userId,
      email: user?.email ?? '',
      name: user?.name ?? '',
      role: membership.role,
      joinedAt: membership.createdAt.toISOString(),
    };
  }
}
