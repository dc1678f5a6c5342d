import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import {
  CreateRadSetDto,
  NotFoundError,
  RAD_SET_ID_PATTERN,
  RAD_SET_PATTERNS,
  RadSetDto,
  RadSetListDto,
  UpdateRadSetDto,
} from '@vantage/contracts';
import { Audited, noDetails, targetInResult, targetParam } from '../../audit/audited.decorator';
import { Access } from '../../auth/access.decorators';
import { ServiceRouter } from '../../routing/service-router';
import { ApiAuthenticated } from '../../shared/openapi';

/** Who may change RAD sets: analysts and up, or keys with the admin scope. */
const EDITORS = { role: 'analyst', scope: 'admin' } as const;

/** RAD sets (classes of event ids by glob), forwarded to the traffic-monitor service. */
@ApiTags('rad-sets')
@Controller('api/v1/rad-sets')
@ApiAuthenticated()
export class RadSetsController {
  constructor(private readonly router: ServiceRouter) {}

  @Get()
  @ApiOperation({
    summary: "List the organisation's RAD sets",
    description: 'The four default sets are created on first use.',
  })
  @ApiOkResponse({ type: RadSetListDto })
  list(): Promise<RadSetListDto> {
    return this.router.send('traffic-monitor', RAD_SET_PATTERNS.list, {});
  }

  @Get(':id')
  @ApiOperation({ summary: 'One RAD set' })
  @ApiParam({ name: 'id', example: 'rad_3kT9wQ1mZp8Lx2Vb7Nc4' })
  @ApiOkResponse({ type: RadSetDto })
  @ApiAuthenticated(404)
  get(@Param('id') id: string): Promise<RadSetDto> {
    return this.router.send('traffic-monitor', RAD_SET_PATTERNS.get, { id: radSetId(id) });
  }

  @Post()
  @Access(EDITORS)
  @Audited({ action: 'rad_set.created', target: targetInResult('id') })
  @ApiOperation({
    summary: 'Create a RAD set',
    description:
      'Thresholds, volumes and value left out take the dashboard configuration defaults. ' +
      'When several enabled sets match an event id, the highest priority wins, then the most ' +
      'specific pattern.',
  })
  @ApiCreatedResponse({ type: RadSetDto })
  @ApiAuthenticated(409)
  create(@Body() body: CreateRadSetDto): Promise<RadSetDto> {
    return this.router.send('traffic-monitor', RAD_SET_PATTERNS.create, body);
  }

  @Patch(':id')
  @Access(EDITORS)
  @Audited({ action: 'rad_set.updated', target: targetParam('id') })
  @ApiOperation({ summary: 'Change some fields of a RAD set' })
  @ApiParam({ name: 'id', example: 'rad_3kT9wQ1mZp8Lx2Vb7Nc4' })
  @ApiOkResponse({ type: RadSetDto })
  @ApiAuthenticated(404, 409)
  update(@Param('id') id: string, @Body() body: UpdateRadSetDto): Promise<RadSetDto> {
    return this.router.send('traffic-monitor', RAD_SET_PATTERNS.update, {
      ...body,
      id: radSetId(id),
    });
  }

  @Delete(':id')
  @HttpCode(200)
  @Access(EDITORS)
  @Audited({ action: 'rad_set.deleted', target: targetParam('id'), details: noDetails })
  @ApiOperation({
    summary: 'Delete a RAD set',
    description: 'Its events fall to the next matching set, or `unknown`. Answers the deleted set.',
  })
  @ApiParam({ name: 'id', example: 'rad_3kT9wQ1mZp8Lx2Vb7Nc4' })
  @ApiOkResponse({ type: RadSetDto })
  @ApiAuthenticated(404)
  remove(@Param('id') id: string): Promise<RadSetDto> {
    return this.router.send('traffic-monitor', RAD_SET_PATTERNS.delete, { id: radSetId(id) });
  }
}

/** An id that cannot be a RAD set id is a 404, like another organisation's id. */
function radSetId(id: string): string {
  if (!RAD_SET_ID_PATTERN.test(id)) throw new NotFoundError('no such RAD set');
  return id;
}
