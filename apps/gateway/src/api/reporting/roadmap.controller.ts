import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import {
  CreateRoadmapItemDto,
  ListRoadmapItemsDto,
  ROADMAP_ITEM_ID_PATTERN,
  ROADMAP_PATTERNS,
  RoadmapItemDto,
  RoadmapItemListDto,
  RoadmapVelocityDto,
  RoadmapVelocityQueryDto,
  UpdateRoadmapItemDto,
} from '@vantage/contracts';
import { Access } from '../../auth/access.decorators';
import { ServiceRouter } from '../../routing/service-router';
import { ApiAuthenticated } from '../../shared/openapi';
import { ResourceIdPipe } from '../../shared/resource-id.pipe';

/** An id of another shape cannot exist: a 404, like another organisation's id. */
const ROADMAP_ITEM_ID = new ResourceIdPipe(ROADMAP_ITEM_ID_PATTERN, 'no such roadmap item');

/** Who may change the roadmap: analysts and up, or keys with the admin scope. */
const EDITORS = { role: 'analyst', scope: 'admin' } as const;

const ID_EXAMPLE = 'rmi_3kT9wQ1mZp8Lx2Vb7Nc4';

/** Roadmap items (kept by reporting for the weekly report's roadmap section). */
@ApiTags('roadmap')
@Controller('api/v1/roadmap')
@ApiAuthenticated()
export class RoadmapController {
  constructor(private readonly router: ServiceRouter) {}

  @Get()
  @ApiOperation({ summary: 'Roadmap items, by status, then due date, then title' })
  @ApiOkResponse({ type: RoadmapItemListDto })
  list(@Query() query: ListRoadmapItemsDto): Promise<RoadmapItemListDto> {
    return this.router.send('reporting', ROADMAP_PATTERNS.list, query);
  }

  @Get('velocity')
  @ApiOperation({
    summary: 'Items done per week over the last complete weeks',
    description: "ISO weeks in the time zone of the organisation's report schedule.",
  })
  @ApiOkResponse({ type: RoadmapVelocityDto })
  velocity(@Query() query: RoadmapVelocityQueryDto): Promise<RoadmapVelocityDto> {
    return this.router.send('reporting', ROADMAP_PATTERNS.velocity, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One roadmap item' })
  @ApiParam({ name: 'id', example: ID_EXAMPLE })
  @ApiOkResponse({ type: RoadmapItemDto })
  @ApiAuthenticated(404)
  get(@Param('id', ROADMAP_ITEM_ID) id: string): Promise<RoadmapItemDto> {
    return this.router.send('reporting', ROADMAP_PATTERNS.get, { id });
  }

  @Post()
  @Access(EDITORS)
  @ApiOperation({
    summary: 'Add a roadmap item',
    description: 'Status `done` without `doneAt` is stamped with now.',
  })
  @ApiCreatedResponse({ type: RoadmapItemDto })
  create(@Body() body: CreateRoadmapItemDto): Promise<RoadmapItemDto> {
    return this.router.send('reporting', ROADMAP_PATTERNS.create, body);
  }

  @Patch(':id')
  @Access(EDITORS)
  @ApiOperation({
    summary: 'Change some fields of a roadmap item',
    description: 'Becoming `done` stamps doneAt (unless given); leaving `done` clears it.',
  })
  @ApiParam({ name: 'id', example: ID_EXAMPLE })
  @ApiOkResponse({ type: RoadmapItemDto })
  @ApiAuthenticated(404)
  update(
    @Param('id', ROADMAP_ITEM_ID) id: string,
    @Body() body: UpdateRoadmapItemDto,
  ): Promise<RoadmapItemDto> {
    return this.router.send('reporting', ROADMAP_PATTERNS.update, {
      ...body,
      id,
    });
  }

  @Delete(':id')
  @HttpCode(200)
  @Access(EDITORS)
  @ApiOperation({ summary: 'Delete a roadmap item', description: 'Answers the deleted item.' })
  @ApiParam({ name: 'id', example: ID_EXAMPLE })
  @ApiOkResponse({ type: RoadmapItemDto })
  @ApiAuthenticated(404)
  remove(@Param('id', ROADMAP_ITEM_ID) id: string): Promise<RoadmapItemDto> {
    return this.router.send('reporting', ROADMAP_PATTERNS.delete, { id });
  }
}
