import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentPrincipal } from '../auth/access.decorators';
import type { Principal } from '../auth/principal';
import { ApiAuthenticated } from '../shared/openapi';
import { AuditPageDto, AuditQueryDto } from './audit.dto';
import { AuditService } from './audit.service';

@ApiTags('audit')
@Controller('api/v1/audit')
@Access({ role: 'admin', scope: 'admin' })
@ApiAuthenticated()
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({ summary: 'Security-relevant events, newest first, with cursor pagination' })
  @ApiOkResponse({ type: AuditPageDto })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: AuditQueryDto,
  ): Promise<AuditPageDto> {
    const page = await this.audit.list({ ...query, orgId: principal.orgId });
    return {
      items: page.items.map(({ _id, orgId: _orgId, at, details, ...event }) => ({
        id: _id,
        ...event,
        // MongoDB drivers drop an empty object on save (mongoose's `minimize`): none stored is {}.
        details: details ?? {},
        at: at.toISOString(),
      })),
      nextCursor: page.nextCursor,
    };
  }
}
