import { Module } from '@nestjs/common';
import { AbuseModule } from '../abuse/abuse.module';
import { ApiKeyRevocationListener } from '../api-keys/api-key-revocation.listener';
import { ApiKeyService } from '../api-keys/api-key.service';
import { ApiKeysController } from '../api-keys/api-keys.controller';
import { AuditModule } from '../audit/audit.module';
import { IdentityModule } from '../identity/identity.module';
import { InviteService } from '../orgs/invite.service';
import { MembersService } from '../orgs/members.service';
import { OrgController } from '../orgs/org.controller';
import { RoutingModule } from '../routing/routing.module';
import { UsageModule } from '../usage/usage.module';
import { AccessTokenService } from './access-token.service';
import { AccountMailSender } from './account-mail.sender';
import { AccountTokens } from './account-tokens';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { AuthenticationGuard } from './authentication.guard';
import { AuthorizationGuard } from './authorization.guard';
import { CredentialAuthenticator } from './credential-authenticator';
import { JwtSigningKey } from './jwt-signing-key';
import { PasswordService } from './password.service';
import { RefreshTokenService } from './refresh-token.service';

/**
 * Identity and access: sign-up, sessions, API keys, members and invitations, the audit log, and
 * the guards that authenticate and authorise every request. AppModule registers the guards as
 * APP_GUARD, in order around the rate limiter.
 */
@Module({
  imports: [IdentityModule, AbuseModule, RoutingModule, UsageModule, AuditModule],
  controllers: [AuthController, ApiKeysController, OrgController, ApiKeyRevocationListener],
  providers: [
    JwtSigningKey,
    AccessTokenService,
    RefreshTokenService,
    AuthService,
    PasswordService,
    AccountTokens,
    AccountMailSender,
    CredentialAuthenticator,
    ApiKeyService,
    InviteService,
    MembersService,
    AuthenticationGuard,
    AuthorizationGuard,
  ],
  exports: [
    CredentialAuthenticator,
    AuthenticationGuard,
    AuthorizationGuard,
    AuditModule,
    IdentityModule,
    AbuseModule,
  ],
})
export class AuthModule {}
