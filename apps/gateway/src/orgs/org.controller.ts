import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Req } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ForbiddenError } from '@vantage/contracts';
import { OrganizationDto } from '../auth/auth.dto';
import { Access, CurrentPrincipal } from '../auth/access.decorators';
import type { GatewayRequest, Principal } from '../auth/principal';
import { ApiAuthenticated } from '../shared/openapi';
import { ResourceIdPipe } from '../shared/resource-id.pipe';
import { InviteService } from './invite.service';
import { MembersService } from './members.service';
import {
  ChangeRoleDto,
  CreatedInviteDto,
  CreateInviteDto,
  InviteDto,
  InviteListDto,
  MemberDto,
  MemberListDto,
  UpdateOrgDto,
} from './org.dto';

/** The caller's own organisation: the org always comes from the credential, never the path. */
@ApiTags('organisation')
@Controller('api/v1/org')
@ApiAuthenticated()
export class OrgController {
  constructor(
    private readonly members: MembersService,
    private readonly invites: InviteService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The organisation of the credential' })
  @ApiOkResponse({ type: OrganizationDto })
  get(@CurrentPrincipal() principal: Principal): Promise<OrganizationDto> {
    return this.members.organization(principal.orgId);
  }

  @Patch()
  @Access({ role: 'admin', scope: 'admin' })
  @ApiOperation({ summary: 'Change the organisation settings (audited)' })
  @ApiOkResponse({ type: OrganizationDto })
  update(
    @CurrentPrincipal() principal: Principal,
    @Body() body: UpdateOrgDto,
    @Req() request: GatewayRequest,
  ): Promise<OrganizationDto> {
    return this.members.updateSettings(principal, body, request.ip);
  }

  @Get('members')
  @ApiOperation({ summary: 'Members and their roles' })
  @ApiOkResponse({ type: MemberListDto })
  async listMembers(@CurrentPrincipal() principal: Principal): Promise<MemberListDto> {
    return { items: await this.members.list(principal.orgId) };
  }

  @Patch('members/:userId')
  @Access({ role: 'admin', scope: 'admin' })
  @ApiOperation({
    summary: "Change a member's role",
    description: 'The org always keeps an owner.',
  })
  @ApiOkResponse({ type: MemberDto })
  @ApiAuthenticated(404, 409)
  changeRole(
    @CurrentPrincipal() principal: Principal,
    @Param('userId', new ResourceIdPipe('usr')) userId: string,
    @Body() body: ChangeRoleDto,
    @Req() request: GatewayRequest,
  ): Promise<MemberDto> {
    return this.members.changeRole(principal, userId, body.role, request.ip);
  }

  @Delete('members/:userId')
  @Access({ role: 'admin', scope: 'admin' })
  @HttpCode(204)
  @ApiOperation({
    summary: 'Remove a member',
    description: 'Their sessions end; the org keeps an owner.',
  })
  @ApiNoContentResponse()
  @ApiAuthenticated(404, 409)
  async removeMember(
    @CurrentPrincipal() principal: Principal,
    @Param('userId', new ResourceIdPipe('usr')) userId: string,
    @Req() request: GatewayRequest,
  ): Promise<void> {
    await this.members.remove(principal, userId, request.ip);
  }

  @Post('invites')
  @Access({ role: 'admin' })
  @ApiOperation({
    summary: 'Invite someone by e-mail',
    description: 'The link expires; it is e-mailed too.',
  })
  @ApiCreatedResponse({ type: CreatedInviteDto })
  invite(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateInviteDto,
    @Req() request: GatewayRequest,
  ): Promise<CreatedInviteDto> {
    if (principal.kind !== 'user') throw new ForbiddenError('invitations are sent by members');
    return this.invites.create(principal, body, request.ip);
  }

  @Get('invites')
  @Access({ role: 'admin', scope: 'admin' })
  @ApiOperation({ summary: 'Invitations and their status' })
  @ApiOkResponse({ type: InviteListDto })
  async listInvites(@CurrentPrincipal() principal: Principal): Promise<InviteListDto> {
    return { items: await this.invites.list(principal.orgId) };
  }

  @Delete('invites/:id')
  @Access({ role: 'admin', scope: 'admin' })
  @ApiOperation({ summary: 'Revoke an invitation (idempotent)' })
  @ApiOkResponse({ type: InviteDto })
  @ApiAuthenticated(404)
  revokeInvite(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ResourceIdPipe('inv')) id: string,
    @Req() request: GatewayRequest,
  ): Promise<InviteDto> {
    return this.invites.revoke(principal, id, request.ip);
  }
}
