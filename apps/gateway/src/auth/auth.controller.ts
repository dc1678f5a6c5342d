import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import {
  ApiAcceptedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Model } from 'mongoose';
import { ForbiddenError, NotFoundError } from '@vantage/contracts';
import { Organization, User } from '../identity/identity.schemas';
import { InviteService } from '../orgs/invite.service';
import { ApiAuthenticated, ApiProblems } from '../shared/openapi';
import { Access, CredentialIfSent, CurrentPrincipal, Public } from './access.decorators';
import {
  AcceptInviteDto,
  ChangePasswordDto,
  LoginDto,
  MailSentDto,
  MeDto,
  PasswordResetDto,
  PasswordResetRequestDto,
  RefreshDto,
  RegisterDto,
  SessionDto,
  VerifyEmailDto,
} from './auth.dto';
import { AuthService, organizationDto, userDto } from './auth.service';
import { PasswordService } from './password.service';
import type { GatewayRequest, Principal } from './principal';

const MAIL_SENT: MailSentDto = {
  status: 'mail-sent',
  detail: 'Check your e-mail: we sent the next step to the address given.',
};

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly passwords: PasswordService,
    private readonly invites: InviteService,
    @InjectModel(User.name) private readonly users: Model<User>,
    @InjectModel(Organization.name) private readonly orgs: Model<Organization>,
  ) {}

  @Post('register')
  @Public()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Sign up: an organisation and its owner, activated by the link mailed to them',
    description:
      'Answers the same whether the address has an account or not: a new address is mailed a ' +
      'verification link (POST its token to /auth/verify-email to activate and sign in); the ' +
      'owner of a known address is mailed a notice instead.',
  })
  @ApiAcceptedResponse({ type: MailSentDto })
  @ApiProblems()
  async register(@Body() body: RegisterDto, @Req() request: GatewayRequest): Promise<MailSentDto> {
    await this.auth.register(body, request.ip);
    return MAIL_SENT;
  }

  @Post('verify-email')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Confirm the e-mail address of a new account with the mailed token, and sign in',
    description: 'The token works once, until it expires (EMAIL_VERIFICATION_TTL_SECONDS).',
  })
  @ApiOkResponse({ type: SessionDto })
  @ApiProblems(401)
  verifyEmail(@Body() body: VerifyEmailDto, @Req() request: GatewayRequest): Promise<SessionDto> {
    return this.auth.verifyEmail(body.token, request.ip);
  }

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sign in with e-mail and password',
    description:
      'After LOGIN_FAILURES_PER_ACCOUNT failures an account backs off exponentially (429 with ' +
      'Retry-After) until a successful sign-in or a password reset; 403 while the e-mail ' +
      'address is not confirmed.',
  })
  @ApiOkResponse({ type: SessionDto })
  @ApiProblems(401, 403)
  login(@Body() body: LoginDto, @Req() request: GatewayRequest): Promise<SessionDto> {
    return this.auth.login(body, request.ip);
  }

  @Post('password-reset')
  @Public()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Mail a single-use password-reset link',
    description: 'Answers the same whether the address has an account or not.',
  })
  @ApiAcceptedResponse({ type: MailSentDto })
  @ApiProblems()
  requestPasswordReset(@Body() body: PasswordResetRequestDto): MailSentDto {
    this.passwords.requestReset(body.email);
    return MAIL_SENT;
  }

  @Post('password-reset/confirm')
  @Public()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Set a new password with the mailed token',
    description: 'The token works once; every session of the account ends.',
  })
  @ApiNoContentResponse()
  @ApiProblems(401)
  async resetPassword(
    @Body() body: PasswordResetDto,
    @Req() request: GatewayRequest,
  ): Promise<void> {
    await this.passwords.confirmReset(body.token, body.password, request.ip);
  }

  @Post('password')
  @HttpCode(204)
  @Access({ role: 'viewer' })
  @ApiOperation({
    summary: 'Change your password',
    description: 'Needs the current password; every other session of yours ends.',
  })
  @ApiNoContentResponse()
  @ApiProblems(401, 403)
  async changePassword(
    @Body() body: ChangePasswordDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: GatewayRequest,
  ): Promise<void> {
    if (principal.kind !== 'user') throw new ForbiddenError('this is for people, not API keys');
    await this.passwords.change(principal, body.currentPassword, body.newPassword, request.ip);
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Exchange a refresh token for a new session',
    description: 'The token is spent; presenting it again revokes every session descended from it.',
  })
  @ApiOkResponse({ type: SessionDto })
  @ApiProblems(401)
  refresh(@Body() body: RefreshDto, @Req() request: GatewayRequest): Promise<SessionDto> {
    return this.auth.refresh(body.refreshToken, request.ip);
  }

  @Post('logout')
  @Public()
  @CredentialIfSent()
  @HttpCode(204)
  @ApiOperation({
    summary: 'End the session of a refresh token',
    description:
      'Sent with `Authorization: Bearer <access token>`, that access token is revoked too.',
  })
  @ApiNoContentResponse()
  @ApiProblems(401)
  async logout(@Body() body: RefreshDto, @Req() request: GatewayRequest): Promise<void> {
    await this.auth.logout(body.refreshToken, request.ip, request.principal);
  }

  @Post('invites/accept')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Join an organisation with an invitation',
    description:
      'Creates the account when the e-mail has none (name required), else checks the password.',
  })
  @ApiOkResponse({ type: SessionDto })
  @ApiProblems(401, 404, 409)
  acceptInvite(@Body() body: AcceptInviteDto, @Req() request: GatewayRequest): Promise<SessionDto> {
    return this.invites.accept(body, request.ip);
  }

  @Get('me')
  @ApiAuthenticated()
  @ApiOperation({ summary: 'Who the credential belongs to' })
  @ApiOkResponse({ type: MeDto })
  async me(@CurrentPrincipal() principal: Principal): Promise<MeDto> {
    const org = await this.orgs.findById(principal.orgId).lean();
    if (!org) throw new NotFoundError('the organisation no longer exists');
    if (principal.kind === 'api-key') {
      return {
        kind: 'api-key',
        apiKey: { id: principal.keyId, scopes: [...principal.scopes] },
        organization: organizationDto(org),
      };
    }
    const user = await this.users.findById(principal.userId).lean();
    if (!user) throw new NotFoundError('the account no longer exists');
    return {
      kind: 'user',
      user: userDto(user),
      role: principal.role,
      organization: organizationDto(org),
    };
  }
}
