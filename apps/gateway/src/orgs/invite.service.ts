import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import jwt from 'jsonwebtoken';
import type { Model } from 'mongoose';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnauthorizedError,
  ValidationFailedError,
} from '@vantage/contracts';
import { RedisLocks } from '@vantage/service-runtime';
import { AuthFailureLimiter, isUnauthorized } from '../abuse/auth-failure-limiter';
import { AuditService } from '../audit/audit.service';
import { ACCESS_TOKEN_ALGORITHM } from '../auth/access-token.service';
import { JwtSigningKey } from '../auth/jwt-signing-key';
import type { AcceptInviteDto, SessionDto } from '../auth/auth.dto';
import { AuthService, isDuplicateKey } from '../auth/auth.service';
import { hashPassword, verifyPassword } from '../auth/passwords';
import { type Principal, principalId, type UserPrincipal } from '../auth/principal';
import { GatewayConfig } from '../config/gateway.config';
import { Invite, Membership, Organization, User } from '../identity/identity.schemas';
import { newId } from '../identity/ids';
import { ORG_LOCK_TTL_MS, ORG_LOCK_WAIT_MS, orgLockName } from './org-lock';
import type { CreatedInviteDto, CreateInviteDto, InviteDto } from './org.dto';

const INVITE_TOKEN_TYPE = 'invite';

function inviteDto(invite: Invite, now = Date.now()): InviteDto {
  const status = invite.acceptedAt
    ? 'accepted'
    : invite.revokedAt
      ? 'revoked'
      : invite.expiresAt.getTime() <= now
        ? 'expired'
        : 'pending';
  return {
    id: invite._id,
    email: invite.email,
    role: invite.role,
    invitedBy: invite.invitedBy,
    expiresAt: invite.expiresAt.toISOString(),
    status,
  };
}

/**
 * Invitations by e-mail. The link carries a signed, expiring token naming the invite; the
 * invite record decides whether it is still open (revoked and accepted invites are closed).
 * The link goes back to the inviter only: no service mails it yet, so no event is emitted.
 */
@Injectable()
export class InviteService {
  constructor(
    @InjectModel(Invite.name) private readonly invites: Model<Invite>,
    @InjectModel(User.name) private readonly users: Model<User>,
    @InjectModel(Organization.name) private readonly orgs: Model<Organization>,
    @InjectModel(Membership.name) private readonly memberships: Model<Membership>,
    private readonly config: GatewayConfig,
    private readonly signingKey: JwtSigningKey,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
    private readonly locks: RedisLocks,
    private readonly failures: AuthFailureLimiter,
  ) {}

  async create(
    actor: UserPrincipal,
    input: CreateInviteDto,
    ip: string,
  ): Promise<CreatedInviteDto> {
    if (input.role === 'owner' && actor.role !== 'owner') {
      throw new ForbiddenError('only an owner can invite another owner');
    }
    const org = await this.orgs.findById(actor.orgId).lean();
    if (!org) throw new NotFoundError('the organisation no longer exists');
    const now = new Date();
    const invite: Invite = {
      _id: newId('inv'),
      orgId: actor.orgId,
      email: input.email,
      role: input.role,
      invitedBy: actor.userId,
      expiresAt: new Date(now.getTime() + this.config.INVITE_TTL_SECONDS * 1000),
      acceptedAt: null,
      revokedAt: null,
      createdAt: now,
    };
    await this.invites.create(invite);
    const inviteUrl = `${this.config.PUBLIC_URL.replace(/\/$/, '')}/invite?token=${this.tokenFor(invite)}`;
    await this.audit.record({
      orgId: actor.orgId,
      action: 'member.invited',
      actor: { kind: 'user', id: actor.userId },
      targetId: invite._id,
      ip,
      details: { email: invite.email, role: invite.role },
    });
    return { ...inviteDto(invite), inviteUrl };
  }

  async list(orgId: string): Promise<InviteDto[]> {
    const invites = await this.invites.find({ orgId }).sort({ createdAt: -1 }).lean();
    return invites.map((invite) => inviteDto(invite));
  }

  /** Under the org's lock, so an acceptance arriving at the same time either wins or loses. */
  async revoke(actor: Principal, inviteId: string, ip: string): Promise<InviteDto> {
    const invite = await this.locks.withLock(
      orgLockName(actor.orgId),
      ORG_LOCK_TTL_MS,
      ORG_LOCK_WAIT_MS,
      async (lease) => {
        const existing = await this.invites.findOne({ _id: inviteId, orgId: actor.orgId }).lean();
        if (!existing) throw new NotFoundError('no such invitation');
        // Accepted or already revoked: revoking is idempotent and changes nothing.
        if (existing.acceptedAt || existing.revokedAt) return { ...existing, changed: false };
        const revokedAt = new Date();
        await lease.confirm();
        await this.invites.updateOne({ _id: existing._id }, { $set: { revokedAt } });
        return { ...existing, revokedAt, changed: true };
      },
    );
    if (invite.changed) {
      await this.audit.record({
        orgId: actor.orgId,
        action: 'member.invite_revoked',
        actor: { kind: actor.kind, id: principalId(actor) },
        targetId: invite._id,
        ip,
      });
    }
    return inviteDto(invite);
  }

  /**
   * Checked once without the lock (a closed invitation costs nothing more), then decided again
   * and written holding the org's lock: an invitation is accepted once, and never after it was
   * revoked, however the requests interleave.
   */
  async accept(input: AcceptInviteDto, ip: string): Promise<SessionDto> {
    // A bad invitation token or a wrong password is a failed authentication like any other.
    await this.failures.assertIpAllowed(ip);
    try {
      return await this.acceptOpenInvite(input, ip);
    } catch (error) {
      if (isUnauthorized(error)) await this.failures.recordIpFailure(ip);
      throw error;
    }
  }

  private async acceptOpenInvite(input: AcceptInviteDto, ip: string): Promise<SessionDto> {
    const inviteId = this.inviteIdOf(input.token);
    const { orgId } = await this.openInvite(inviteId);
    const { invite, org, user } = await this.locks.withLock(
      orgLockName(orgId),
      ORG_LOCK_TTL_MS,
      ORG_LOCK_WAIT_MS,
      async (lease) => {
        const open = await this.openInvite(inviteId);
        const organization = await this.orgs.findById(open.orgId).lean();
        if (!organization) throw new NotFoundError('this invitation is no longer valid');
        const member = await this.userFor(open.email, input);
        await lease.confirm();
        try {
          await this.memberships.create({
            _id: newId('mem'),
            orgId: open.orgId,
            userId: member._id,
            role: open.role,
            createdAt: new Date(),
          });
        } catch (error) {
          if (isDuplicateKey(error))
            throw new ConflictError('you are already a member of this organisation');
          throw error;
        }
        await this.invites.updateOne({ _id: open._id }, { $set: { acceptedAt: new Date() } });
        return { invite: open, org: organization, user: member };
      },
    );
    await this.audit.record({
      orgId: invite.orgId,
      action: 'member.joined',
      actor: { kind: 'user', id: user._id },
      targetId: invite._id,
      ip,
      details: { role: invite.role },
    });
    return this.auth.openSession(user, org, invite.role);
  }

  private async openInvite(inviteId: string): Promise<Invite> {
    const invite = await this.invites.findById(inviteId).lean();
    if (
      !invite ||
      invite.revokedAt ||
      invite.acceptedAt ||
      invite.expiresAt.getTime() <= Date.now()
    ) {
      throw new NotFoundError('this invitation is no longer valid');
    }
    return invite;
  }

  private tokenFor(invite: Invite): string {
    return jwt.sign({ typ: INVITE_TOKEN_TYPE, inv: invite._id }, this.signingKey.key, {
      algorithm: ACCESS_TOKEN_ALGORITHM,
      issuer: this.signingKey.issuer,
      expiresIn: this.config.INVITE_TTL_SECONDS,
    });
  }

  private inviteIdOf(token: string): string {
    try {
      const payload = jwt.verify(token, this.signingKey.key, {
        algorithms: [ACCESS_TOKEN_ALGORITHM],
        issuer: this.signingKey.issuer,
      }) as Record<string, unknown>;
      if (payload['typ'] === INVITE_TOKEN_TYPE && typeof payload['inv'] === 'string') {
        return payload['inv'];
      }
    } catch {
      // fall through: expired, tampered or not ours
    }
    throw new UnauthorizedError('the invitation token is invalid or expired');
  }

  /** The invited person's account: theirs if it exists (password checked), else a new one. */
  private async userFor(email: string, input: AcceptInviteDto): Promise<User> {
    const existing = await this.users.findOne({ email }).lean();
    if (existing) {
      // The same per-account backoff as a login: an invitation is no way around it.
      await this.failures.assertAccountAllowed(email);
      if (!(await verifyPassword(existing.passwordHash, input.password))) {
        await this.failures.recordAccountFailure(email);
        throw new UnauthorizedError('wrong password for the invited account');
      }
      return existing;
    }
    if (!input.name) {
      throw new ValidationFailedError('a name is needed to create your account', [
        { field: 'name', message: 'name is required for a new account' },
      ]);
    }
    if (input.password.length < 10) {
      throw new ValidationFailedError('the password is too short', [
        { field: 'password', message: 'password must be 10 to 128 characters long' },
      ]);
    }
    const user: User = {
      _id: newId('usr'),
      email,
      name: input.name,
      passwordHash: await hashPassword(input.password),
      createdAt: new Date(),
    };
    try {
      await this.users.create(user);
    } catch (error) {
      if (isDuplicateKey(error))
        throw new ConflictError('an account with this e-mail was just created; try again');
      throw error;
    }
    return user;
  }
}
