import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { ForbiddenError, UnauthorizedError } from '@vantage/contracts';
import type { Logger } from '@vantage/observability';
import { SERVICE_LOGGER } from '@vantage/service-runtime';
import { AuthFailureLimiter } from '../abuse/auth-failure-limiter';
import { AuditService } from '../audit/audit.service';
import { GatewayConfig } from '../config/gateway.config';
import { User } from '../identity/identity.schemas';
import { AccountMailSender } from './account-mail.sender';
import { AccountTokens } from './account-tokens';
import { AuthService } from './auth.service';
import { hashPassword, verifyPassword } from './passwords';
import type { UserPrincipal } from './principal';
import { RefreshTokenService } from './refresh-token.service';

/**
 * Password change (signed in, with the current password) and reset (by a mailed single-use
 * link). Either ends the user's other sessions and tells the owner by mail.
 */
@Injectable()
export class PasswordService {
  constructor(
    @InjectModel(User.name) private readonly users: Model<User>,
    private readonly auth: AuthService,
    private readonly tokens: AccountTokens,
    private readonly refreshTokens: RefreshTokenService,
    private readonly failures: AuthFailureLimiter,
    private readonly mail: AccountMailSender,
    private readonly audit: AuditService,
    private readonly config: GatewayConfig,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * The current password is checked like a login (a stolen access token must not let its thief
   * guess it freely); every other session of the user, in every org, ends.
   */
  async change(
    caller: UserPrincipal,
    currentPassword: string,
    newPassword: string,
    ip: string,
  ): Promise<void> {
    await this.failures.assertIpAllowed(ip);
    await this.failures.assertAccountAllowed(caller.email);
    const user = await this.users.findById(caller.userId).lean();
    if (!user) throw new UnauthorizedError('the account no longer exists');
    if (!(await verifyPassword(user.passwordHash, currentPassword))) {
      await this.failures.recordIpFailure(ip);
      await this.failures.recordAccountFailure(user.email);
      throw new ForbiddenError('the current password is wrong');
    }
    await this.setPassword(user, newPassword, caller.session.familyId);
    await this.audit.record({
      orgId: caller.orgId,
      action: 'auth.password_changed',
      actor: { kind: 'user', id: user._id },
      ip,
    });
  }

  /**
   * Answers at once and the same whether the address has an account or not: the lookup and the
   * mail happen after the answer, so not even its timing tells.
   */
  requestReset(email: string): void {
    this.sendResetLink(email).catch((error: unknown) =>
      this.logger.error({ err: error }, 'password reset mail could not be requested'),
    );
  }

  /** The mailed link proves the mailbox: the address counts as verified, a login backoff ends. */
  async confirmReset(token: string, newPassword: string, ip: string): Promise<void> {
    const userId = await this.auth.spendMailedToken('password-reset', token, ip);
    const user = await this.users.findById(userId).lean();
    if (!user) throw new UnauthorizedError('the account of this link no longer exists');
    await this.setPassword(user, newPassword);
    await this.failures.clearAccount(user.email);
    const membership = await this.auth.membershipFor(user._id);
    await this.audit.record({
      orgId: membership?.orgId ?? null,
      action: 'auth.password_reset',
      actor: { kind: 'user', id: user._id },
      ip,
    });
  }

  private async sendResetLink(email: string): Promise<void> {
    const user = await this.users.findOne({ email }).lean();
    if (!user || !(await this.failures.allowAccountMail(email, 'password-reset'))) return;
    const { token, expiresAt } = await this.tokens.issue(
      'password-reset',
      user._id,
      this.config.PASSWORD_RESET_TTL_SECONDS,
    );
    await this.mail.send(
      'password-reset',
      user,
      this.mail.link('/reset-password', { token }),
      expiresAt,
    );
  }

  /** Every refresh family of the user ends but `keepFamilyId` (the caller's own session). */
  private async setPassword(user: User, password: string, keepFamilyId?: string): Promise<void> {
    await this.users.updateOne(
      { _id: user._id },
      {
        $set: {
          passwordHash: await hashPassword(password),
          emailVerifiedAt: user.emailVerifiedAt ?? new Date(),
        },
      },
    );
    await this.refreshTokens.revokeAllOfUser(user._id, keepFamilyId);
    await this.mail.send('password-changed', user, this.mail.link('/reset-password'));
  }
}
