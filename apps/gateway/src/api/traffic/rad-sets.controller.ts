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
  RAD_SET_ID_PATTERN,
  RAD_SET_PATTERNS,
  RadSetDto,
  RadSetExamplesResultDto,
  RadSetListDto,
  RadSetSuggestionListDto,
  UpdateRadSetDto,
} from '@vantage/contracts';
import {
  Audited,
  type AuditedCall,
  noDetails,
  targetInResult,
  targetParam,
} from '../../audit/audited.decorator';
import { Access } from '../../auth/access.decorators';
import { ServiceRouter } from '../../routing/service-router';
import { ApiAuthenticated, ApiProblems } from '../../shared/openapi';
import { ResourceIdPipe } from '../../shared/resource-id.pipe';

/** An id that cannot be a RAD set id is a 404, like another organisation's id. */
const RAD_SET_ID = new ResourceIdPipe(RAD_SET_ID_PATTERN, 'no such RAD set');

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
    description:
      'A new organisation has none: add the example sets (`POST /api/v1/rad-sets/examples`), ' +
      'or create sets suggested from the event ids it sent (`GET /api/v1/rad-sets/suggestions`).',
  })
  @ApiOkResponse({ type: RadSetListDto })
  list(): Promise<RadSetListDto> {
    return this.router.send('traffic-monitor', RAD_SET_PATTERNS.list, {});
  }

  @Post('examples')
  @HttpCode(200)
  @Access(EDITORS)
  @Audited({ action: 'rad_set.created', details: createdExamples })
  @ApiOperation({
    summary: 'Add the four example RAD sets',
    description:
      'Creates each example set (for event ids named `pandc.<surface>.<area>.<placement>.<event>`) ' +
      'whose name the organisation does not use yet. Calling it again creates nothing and ' +
      'answers the examples as already present. All or none: 409 PLAN_LIMIT_REACHED when the ' +
      "plan's cap has no room for the missing ones. No body.",
  })
  @ApiOkResponse({ type: RadSetExamplesResultDto })
  @ApiProblems(409)
  addExamples(): Promise<RadSetExamplesResultDto> {
    return this.router.send('traffic-monitor', RAD_SET_PATTERNS.addExamples, {});
  }

  @Get('suggestions')
  @ApiOperation({
    summary: 'RAD sets suggested from the event ids the organisation sent',
    description:
      'Groups the distinct event ids no enabled set matches by their first two dotted segments ' +
      '(the first one when an id has two), most ids first, at most 20. Each `body` can be ' +
      'POSTed as it is to `/api/v1/rad-sets`. Event ids count once stored (within about a ' +
      'minute of ingestion); the first 1,000 distinct ids of the organisation are considered.',
  })
  @ApiOkResponse({ type: RadSetSuggestionListDto })
  suggestions(): Promise<RadSetSuggestionListDto> {
    return this.router.send('traffic-monitor', RAD_SET_PATTERNS.suggestions, {});
  }

  @Get(':id')
  @ApiOperation({ summary: 'One RAD set' })
  @ApiParam({ name: 'id', example: 'rad_3kT9wQ1mZp8Lx2Vb7Nc4' })
  @ApiOkResponse({ type: RadSetDto })
  @ApiAuthenticated(404)
  get(@Param('id', RAD_SET_ID) id: string): Promise<RadSetDto> {
    return this.router.send('traffic-monitor', RAD_SET_PATTERNS.get, { id });
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
  update(@Param('id', RAD_SET_ID) id: string, @Body() body: UpdateRadSetDto): Promise<RadSetDto> {
    return this.router.send('traffic-monitor', RAD_SET_PATTERNS.update, {
      ...body,
      id,
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
  remove(@Param('id', RAD_SET_ID) id: string): Promise<RadSetDto> {
    return this.router.send('traffic-monitor', RAD_SET_PATTERNS.delete, { id });
  }
}

/** The audit details of adding the examples: the ids of the sets it created (maybe none). */
function createdExamples({ result }: AuditedCall): Record<string, unknown> {
  const created = (result as Partial<RadSetExamplesResultDto> | null)?.created;
  return { examplesCreated: Array.isArray(created) ? created.map((set) => set.id) : [] };
}
