import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { ConflictError, UnauthorizedError } from '@vantage/contracts';
import { AuditService } from '../audit/audit.service';
import { Membership, Organization, User } from '../identity/identity.schemas';
import { newId } from '../identity/ids';
import { UsageRecorder } from '../usage/usage-recorder';
import { AccessTokenService } from './access-token.service';
import type { LoginDto, OrganizationDto, RegisterDto, SessionDto, UserDto } from './auth.dto';
import { decoyPasswordHash, hashPassword, verifyPassword } from './passwords';
import type { Role } from './principal';
import { RefreshTokenService } from './refresh-token.service';

const DUPLICATE_KEY = 11000;

export function organizationDto(org: Organization): OrganizationDto {
  return { id: org._id, name: org.name, plan: org.plan, timezone: org.timezone };
}

export function userDto(user: User): UserDto {
  return { id: user._id, email: user.email, name: user.name };
}

export function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === DUPLICATE_KEY;
}

/** Sign-up, sign-in and session rotation. Every outcome that matters to security is audited. */
@Injectable()
export class AuthService {
  constructor(
    @InjectModel(User.name) private readonly users: Model<User>,
    @InjectModel(Organization.name) private readonly orgs: Model<Organization>,
    @InjectModel(Membership.name) private readonly memberships: Model<Membership>,
    private readonly accessTokens: AccessTokenService,
    private readonly refreshTokens: RefreshTokenService,
    private readonly audit: AuditService,
    private readonly usage: UsageRecorder,
  ) {}

  /**
   * Creates the user, the organisation and the owner membership. Without transactions (FerretDB
   * has none), the user goes first — its unique e-mail decides a race — and a later failure
   * removes what was created, so a retry starts clean.
   */
  async register(input: RegisterDto, ip: string): Promise<SessionDto> {
    const now = new Date();
    const user: User = {
      _id: newId('usr'),
      email: input.email,
      name: input.name,
      passwordHash: await hashPassword(input.password),
      createdAt: now,
    };
    try {
      await this.users.create(user);
    } catch (error) {
      if (isDuplicateKey(error)) throw new ConflictError('an account with this e-mail exists');
      throw error;
    }
    const org: Organization = {
      _id: newId('org'),
      name: input.orgName,
      plan: 'free',
      planChangedAt: new Date(0),
      timezone: 'UTC',
      createdAt: now,
    };
    try {
      await this.orgs.create(org);
      await this.memberships.create({
        _id: newId('mem'),
        orgId: org._id,
        userId: user._id,
        role: 'owner',
        createdAt: now,
      });
    } catch (error) {
      await this.orgs.deleteOne({ _id: org._id });
      await this.users.deleteOne({ _id: user._id });
      throw error;
    }
    await this.audit.record({
      orgId: org._id,
      action: 'auth.registered',
      actor: { kind: 'user', id: user._id },
      ip,
    });
    return this.openSession(user, org, 'owner');
  }

  async login(input: LoginDto, ip: string): Promise<SessionDto> {
    const user = await this.users.findOne({ email: input.email }).lean();
    const valid = await verifyPassword(
      user?.passwordHash ?? (await decoyPasswordHash()),
      input.password,
    );
    // Looked up for failures too: a wrong password belongs in the audit log of the user's org.
    const membership = user ? await this.membershipFor(user._id, input.orgId) : null;
    const org = membership ? await this.orgs.findById(membership.orgId).lean() : null;
    if (!user || !valid || !membership || !org) {
      await this.audit.record({
        orgId: membership?.orgId ?? null,
        action: 'auth.login.failed',
        outcome: 'failure',
        actor: { kind: user ? 'user' : 'anonymous', id: user?._id ?? null },
        ip,
        details: {
          email: input.email,
          reason: !user || !valid ? 'bad credentials' : 'no membership',
        },
      });
      throw new UnauthorizedError('wrong e-mail or password');
    }
    await this.audit.record({
      orgId: org._id,
      action: 'auth.login.succeeded',
      actor: { kind: 'user', id: user._id },
      ip,
    });
    this.usage.login(org._id, user._id);
    return this.openSession(user, org, membership.role);
  }

  async refresh(refreshToken: string, ip: string): Promise<SessionDto> {
    const rotation = await this.refreshTokens.rotate(refreshToken);
    if (rotation.kind === 'reused') {
      await this.audit.record({
        orgId: rotation.orgId,
        action: 'auth.refresh.reuse_detected',
        outcome: 'failure',
        actor: { kind: 'user', id: rotation.userId },
        ip,
        details: { familyId: rotation.familyId },
      });
      throw new UnauthorizedError(
        'the refresh token was already used; every session of it is revoked',
      );
    }
    const [user, org, membership] = await Promise.all([
      this.users.findById(rotation.userId).lean(),
      this.orgs.findById(rotation.orgId).lean(),
      this.memberships.findOne({ userId: rotation.userId, orgId: rotation.orgId }).lean(),
    ]);
    if (!user || !org || !membership) {
      await this.refreshTokens.revokeAllOf(rotation.userId, rotation.orgId);
      throw new UnauthorizedError('the account no longer belongs to this organisation');
    }
    return this.session(user, org, membership.role, rotation.next.token);
  }

  async logout(refreshToken: string, ip: string): Promise<void> {
    const owner = await this.refreshTokens.revokeByToken(refreshToken);
    if (!owner) return;
    await this.audit.record({
      orgId: owner.orgId,
      action: 'auth.logout',
      actor: { kind: 'user', id: owner.userId },
      ip,
    });
  }

  /** Starts a session for a user who just proved who they are (login, sign-up, invite). */
  async openSession(user: User, org: Organization, role: Role): Promise<SessionDto> {
    const refresh = await this.refreshTokens.issue(user._id, org._id);
    return this.session(user, org, role, refresh.token);
  }

  private session(user: User, org: Organization, role: Role, refreshToken: string): SessionDto {
    return {
      accessToken: this.accessTokens.issue({
        userId: user._id,
        orgId: org._id,
        role,
        email: user.email,
      }),
      refreshToken,
      tokenType: 'Bearer',
      expiresIn: this.accessTokens.lifetimeSeconds,
      user: userDto(user),
      organization: organizationDto(org),
      role,
    };
  }

  private async membershipFor(userId: string, orgId?: string): Promise<Membership | null> {
    if (orgId) return this.memberships.findOne({ userId, orgId }).lean();
    const [oldest] = await this.memberships.find({ userId }).sort({ createdAt: 1 }).limit(1).lean();
    return oldest ?? null;
  }
}
