import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { ForbiddenError, UnauthorizedError } from '@vantage/contracts';
import { AccessTokenDenyList } from '../abuse/access-token-deny-list';
import { AuthFailureLimiter, isUnauthorized } from '../abuse/auth-failure-limiter';
import { AuditService } from '../audit/audit.service';
import { GatewayConfig } from '../config/gateway.config';
import { Membership, Organization, User } from '../identity/identity.schemas';
import { newId } from '../identity/ids';
import { UsageRecorder } from '../usage/usage-recorder';
import { AccessTokenService } from './access-token.service';
import { AccountMailSender } from './account-mail.sender';
import { AccountTokens, type AccountTokenPurpose } from './account-tokens';
import type { LoginDto, OrganizationDto, RegisterDto, SessionDto, UserDto } from './auth.dto';
import { decoyPasswordHash, hashPassword, verifyPassword } from './passwords';
import type { Principal, Role } from './principal';
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

/**
 * Sign-up (with e-mail verification), sign-in and session rotation. Every outcome that matters
 * to security is audited.
 */
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
    private readonly failures: AuthFailureLimiter,
    private readonly denyList: AccessTokenDenyList,
    private readonly accountTokens: AccountTokens,
    private readonly mail: AccountMailSender,
    private readonly config: GatewayConfig,
  ) {}

  /**
   * Answers the same whether the address has an account or not, so sign-up cannot tell who has
   * one: a new address gets an unverified account and a verification link; a known address gets
   * a mail telling its owner (the password is hashed either way, so both take as long).
   *
   * Creates the user, the organisation and the owner membership. Without transactions (FerretDB
   * has none), the user goes first — its unique e-mail decides a race — and a later failure
   * removes what was created, so a retry starts clean.
   */
  async register(input: RegisterDto, ip: string): Promise<void> {
    const now = new Date();
    const passwordHash = await hashPassword(input.password);
    const existing = await this.users.findOne({ email: input.email }).lean();
    if (existing) {
      await this.tellOwnerOfSignUpAttempt(existing);
      return;
    }
    const user: User = {
      _id: newId('usr'),
      email: input.email,
      name: input.name,
      passwordHash,
      emailVerifiedAt: null,
      createdAt: now,
    };
    try {
      await this.users.create(user);
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      // Lost a race with another sign-up of the same address: the same answer as above.
      const winner = await this.users.findOne({ email: input.email }).lean();
      if (winner) await this.tellOwnerOfSignUpAttempt(winner);
      return;
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
      await this.sendVerification(user);
    } catch (error) {
      await this.memberships.deleteMany({ userId: user._id });
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
  }

  /** The link of the verification mail: activates the account and signs in. */
  async verifyEmail(token: string, ip: string): Promise<SessionDto> {
    const userId = await this.spendMailedToken('verify-email', token, ip);
    const user = await this.users
      .findOneAndUpdate(
        { _id: userId },
        { $set: { emailVerifiedAt: new Date() } },
        { returnDocument: 'after' },
      )
      .lean();
    const membership = user ? await this.membershipFor(user._id) : null;
    const org = membership ? await this.orgs.findById(membership.orgId).lean() : null;
    if (!user || !membership || !org) {
      throw new UnauthorizedError('the account of this link no longer exists');
    }
    await this.audit.record({
      orgId: org._id,
      action: 'auth.email_verified',
      actor: { kind: 'user', id: user._id },
      ip,
    });
    return this.openSession(user, org, membership.role);
  }

  /**
   * Failures count against the IP and the account before the password is hashed; an account
   * whose address is not verified yet is refused (403) only once the password is right, so
   * nobody learns about an account they cannot sign in to.
   */
  async login(input: LoginDto, ip: string): Promise<SessionDto> {
    await this.failures.assertIpAllowed(ip);
    await this.failures.assertAccountAllowed(input.email);
    const user = await this.users.findOne({ email: input.email }).lean();
    const valid = await verifyPassword(
      user?.passwordHash ?? (await decoyPasswordHash()),
      input.password,
    );
    // Looked up for failures too: a wrong password belongs in the audit log of the user's org.
    const membership = user ? await this.membershipFor(user._id, input.orgId) : null;
    const org = membership ? await this.orgs.findById(membership.orgId).lean() : null;
    if (!user || !valid || !membership || !org) {
      if (!user || !valid) {
        await this.failures.recordIpFailure(ip);
        await this.failures.recordAccountFailure(input.email);
      }
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
    if (user.emailVerifiedAt === null) {
      throw new ForbiddenError(
        'confirm your e-mail address first: follow the link of the mail we sent at sign-up',
      );
    }
    await this.failures.clearAccount(input.email);
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
    await this.failures.assertIpAllowed(ip);
    const rotation = await this.refreshTokens
      .rotate(refreshToken)
      .catch((error: unknown) => this.countFailure(error, ip));
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
    return this.session(user, org, membership.role, rotation.next);
  }

  /**
   * Ends the refresh token's family and, when the call carries the access token, that token too
   * (until its expiry, through the deny list), so a copy of it stops working now.
   */
  async logout(refreshToken: string, ip: string, caller?: Principal): Promise<void> {
    if (caller?.kind === 'user') {
      await this.denyList.deny(caller.session.tokenId, caller.session.expiresAtMs);
    }
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
    return this.session(user, org, role, refresh);
  }

  /** A mailed single-use token spent; a bad one counts as a failed authentication of the IP. */
  async spendMailedToken(purpose: AccountTokenPurpose, token: string, ip: string): Promise<string> {
    await this.failures.assertIpAllowed(ip);
    return this.accountTokens
      .spend(purpose, token)
      .catch((error: unknown) => this.countFailure(error, ip));
  }

  private async countFailure(error: unknown, ip: string): Promise<never> {
    if (isUnauthorized(error)) await this.failures.recordIpFailure(ip);
    throw error;
  }

  private async sendVerification(user: User): Promise<void> {
    const { token, expiresAt } = await this.accountTokens.issue(
      'verify-email',
      user._id,
      this.config.EMAIL_VERIFICATION_TTL_SECONDS,
    );
    await this.mail.send(
      'verify-email',
      user,
      this.mail.link('/verify-email', { token }),
      expiresAt,
    );
  }

  /** At most one such mail per address and minute: sign-up must not become a mail bomb. */
  private async tellOwnerOfSignUpAttempt(user: User): Promise<void> {
    if (!(await this.failures.allowAccountMail(user.email, 'already-registered'))) return;
    if (user.emailVerifiedAt === null) {
      // Never confirmed: the owner of the address may be the one signing up again.
      await this.sendVerification(user);
      return;
    }
    await this.mail.send('already-registered', user, this.mail.link('/login'));
  }

  private session(
    user: User,
    org: Organization,
    role: Role,
    refresh: { readonly token: string; readonly familyId: string },
  ): SessionDto {
    return {
      accessToken: this.accessTokens.issue({
        userId: user._id,
        orgId: org._id,
        role,
        email: user.email,
        familyId: refresh.familyId,
      }),
      refreshToken: refresh.token,
      tokenType: 'Bearer',
      expiresIn: this.accessTokens.lifetimeSeconds,
      user: userDto(user),
      organization: organizationDto(org),
      role,
    };
  }

  async membershipFor(userId: string, orgId?: string): Promise<Membership | null> {
    if (orgId) return this.memberships.findOne({ userId, orgId }).lean();
    const [oldest] = await this.memberships.find({ userId }).sort({ createdAt: 1 }).limit(1).lean();
    return oldest ?? null;
  }
}
