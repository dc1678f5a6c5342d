import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type Model, trusted } from 'mongoose';
import { ConflictError, ForbiddenError, NotFoundError } from '@vantage/contracts';
import { type LockLease, RedisLocks } from '@vantage/service-runtime';
import { AuditService } from '../audit/audit.service';
import { organizationDto } from '../auth/auth.service';
import type { OrganizationDto } from '../auth/auth.dto';
import { RefreshTokenService } from '../auth/refresh-token.service';
import { type Principal, principalId, type Role, roleRank } from '../auth/principal';
import { Membership, Organization, User } from '../identity/identity.schemas';
import { MembershipDirectory } from '../identity/membership-directory';
import type { MemberDto, UpdateOrgDto } from './org.dto';
import { ORG_LOCK_TTL_MS, ORG_LOCK_WAIT_MS, orgLockName } from './org-lock';

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
    private readonly locks: RedisLocks,
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
    // Under the org's lock: billing's plan changes write the same document (OrgPlanCache).
    const org = await this.underOrgLock(actor.orgId, () =>
      this.orgs
        .findOneAndUpdate({ _id: actor.orgId }, { $set: changes }, { returnDocument: 'after' })
        .lean(),
    );
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
      .find({ _id: trusted({ $in: memberships.map((m) => m.userId) }) }, { passwordHash: 0 })
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
    const { before, changed } = await this.underOrgLock(actor.orgId, async (lease) => {
      const membership = await this.memberOf(actor.orgId, userId);
      this.assertMayManage(await this.currentRoleOf(actor), membership.role, role);
      if (membership.role === role) return { before: membership, changed: false };
      if (membership.role === 'owner') await this.assertAnotherOwner(membership);
      await lease.confirm();
      await this.memberships.updateOne({ _id: membership._id }, { $set: { role } });
      return { before: membership, changed: true };
    });
    if (!changed) return this.memberDto(before);
    this.directory.forget(actor.orgId, userId);
    await this.audit.record({
      orgId: actor.orgId,
      action: 'member.role_changed',
      actor: { kind: actor.kind, id: principalId(actor) },
      targetId: userId,
      ip,
      details: { from: before.role, to: role },
    });
    return this.memberDto({ ...before, role });
  }

  async remove(actor: Principal, userId: string, ip: string): Promise<void> {
    const removed = await this.underOrgLock(actor.orgId, async (lease) => {
      const membership = await this.memberOf(actor.orgId, userId);
      this.assertMayManage(await this.currentRoleOf(actor), membership.role, membership.role);
      if (membership.role === 'owner') await this.assertAnotherOwner(membership);
      await lease.confirm();
      await this.memberships.deleteOne({ _id: membership._id });
      return membership;
    });
    this.directory.forget(actor.orgId, userId);
    await this.refreshTokens.revokeAllOf(userId, actor.orgId);
    await this.audit.record({
      orgId: actor.orgId,
      action: 'member.removed',
      actor: { kind: actor.kind, id: principalId(actor) },
      targetId: userId,
      ip,
      details: { role: removed.role },
    });
  }

  private async memberOf(orgId: string, userId: string): Promise<Membership> {
    const membership = await this.memberships.findOne({ orgId, userId }).lean();
    if (!membership) throw new NotFoundError('no such member');
    return membership;
  }

  /**
   * The actor's role as stored now, not as it was when the request was authorised: a request
   * that waited for the lock behind its actor's own demotion must not act with the old role.
   * An API key with the admin scope stands where an admin does.
   */
  private async currentRoleOf(actor: Principal): Promise<Role> {
    if (actor.kind !== 'user') return 'admin';
    const own = await this.memberships.findOne({ orgId: actor.orgId, userId: actor.userId }).lean();
    if (!own) throw new ForbiddenError('you are no longer a member of this organisation');
    return own.role;
  }

  /** Owners are managed by owners only; nobody grants a role above their own. */
  private assertMayManage(actorRole: Role, currentRole: Role, newRole: Role): void {
    const touchesOwner = currentRole === 'owner' || newRole === 'owner';
    if (touchesOwner && actorRole !== 'owner') {
      throw new ForbiddenError('only an owner can change or remove an owner');
    }
    if (roleRank(newRole) > roleRank(actorRole)) {
      throw new ForbiddenError('you cannot grant a role above your own');
    }
  }

  /** Before an owner is demoted or removed: someone else must still own the org. */
  private async assertAnotherOwner(owner: Membership): Promise<void> {
    const owners = await this.memberships.countDocuments({ orgId: owner.orgId, role: 'owner' });
    if (owners < 2) throw new ConflictError('an organisation must keep at least one owner');
  }

  /**
   * Every change that could leave the org without an owner is checked and written holding the
   * org's lock, so two such changes never both pass the check (see RedisLocks for why a lock and
   * not a conditional write). Invitations take the same lock (InviteService).
   */
  private underOrgLock<T>(orgId: string, fn: (lease: LockLease) => Promise<T>): Promise<T> {
    return this.locks.withLock(orgLockName(orgId), ORG_LOCK_TTL_MS, ORG_LOCK_WAIT_MS, fn);
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
