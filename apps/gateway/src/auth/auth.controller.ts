import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Model } from 'mongoose';
import { NotFoundError } from '@vantage/contracts';
import { Organization, User } from '../identity/identity.schemas';
import { InviteService } from '../orgs/invite.service';
import { ApiAuthenticated, ApiProblems } from '../shared/openapi';
import { CurrentPrincipal, Public } from './access.decorators';
import { AcceptInviteDto, LoginDto, MeDto, RefreshDto, RegisterDto, SessionDto } from './auth.dto';
import { AuthService, organizationDto, userDto } from './auth.service';
import type { GatewayRequest, Principal } from './principal';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly invites: InviteService,
    @InjectModel(User.name) private readonly users: Model<User>,
    @InjectModel(Organization.name) private readonly orgs: Model<Organization>,
  ) {}

  @Post('register')
  @Public()
  @ApiOperation({ summary: 'Create an organisation and its owner, and sign in' })
  @ApiCreatedResponse({ type: SessionDto })
  @ApiProblems(409)
  register(@Body() body: RegisterDto, @Req() request: GatewayRequest): Promise<SessionDto> {
    return this.auth.register(body, request.ip);
  }

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with e-mail and password' })
  @ApiOkResponse({ type: SessionDto })
  @ApiProblems(401)
  login(@Body() body: LoginDto, @Req() request: GatewayRequest): Promise<SessionDto> {
    return this.auth.login(body, request.ip);
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
  @HttpCode(204)
  @ApiOperation({ summary: 'End the session of a refresh token' })
  @ApiNoContentResponse()
  @ApiProblems()
  async logout(@Body() body: RefreshDto, @Req() request: GatewayRequest): Promise<void> {
    await this.auth.logout(body.refreshToken, request.ip);
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
