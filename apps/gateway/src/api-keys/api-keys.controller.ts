import { Body, Controller, Delete, Get, Param, Post, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentPrincipal } from '../auth/access.decorators';
import type { GatewayRequest, Principal } from '../auth/principal';
import { ApiAuthenticated } from '../shared/openapi';
import { ResourceIdPipe } from '../shared/resource-id.pipe';
import { ApiKeyDto, ApiKeyListDto, CreateApiKeyDto, CreatedApiKeyDto } from './api-key.dto';
import { ApiKeyService } from './api-key.service';

@ApiTags('api-keys')
@Controller('api/v1/api-keys')
@Access({ role: 'admin', scope: 'admin' })
@ApiAuthenticated()
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeyService) {}

  @Post()
  @ApiOperation({ summary: 'Create an API key', description: 'The key is in this answer only.' })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateApiKeyDto,
    @Req() request: GatewayRequest,
  ): Promise<CreatedApiKeyDto> {
    return this.apiKeys.create(principal, body, request.ip);
  }

  @Get()
  @ApiOperation({ summary: "List the organisation's API keys (never the keys themselves)" })
  @ApiOkResponse({ type: ApiKeyListDto })
  async list(@CurrentPrincipal() principal: Principal): Promise<ApiKeyListDto> {
    return { items: await this.apiKeys.list(principal.orgId) };
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Revoke an API key (idempotent)' })
  @ApiOkResponse({ type: ApiKeyDto })
  @ApiAuthenticated(404)
  revoke(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ResourceIdPipe('key')) id: string,
    @Req() request: GatewayRequest,
  ): Promise<ApiKeyDto> {
    return this.apiKeys.revoke(principal, id, request.ip);
  }
}
