import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import {
  CreateRoadmapItemDto,
  ListRoadmapItemsDto,
  ROADMAP_PATTERNS,
  RoadmapItemIdDto,
  type RoadmapItemDto,
  type RoadmapItemListDto,
  RoadmapVelocityQueryDto,
  type RoadmapVelocityDto,
  UpdateRoadmapItemMessageDto,
} from '@vantage/contracts';
import { MessageOrg } from '@vantage/service-runtime';
import { RedisStreamsContext } from '@vantage/transport';
import { RoadmapService, toRoadmapItemDto } from './roadmap.service';

/** Roadmap CRUD and velocity over the transport; the org always comes from the envelope. */
@Controller()
export class RoadmapHandler {
  constructor(private readonly roadmap: RoadmapService) {}

  @MessagePattern(ROADMAP_PATTERNS.list)
  async list(
    @MessageOrg() orgId: string,
    @Payload() { status }: ListRoadmapItemsDto,
  ): Promise<RoadmapItemListDto> {
    return { items: (await this.roadmap.list(orgId, status)).map(toRoadmapItemDto) };
  }

  @MessagePattern(ROADMAP_PATTERNS.get)
  async get(
    @MessageOrg() orgId: string,
    @Payload() { id }: RoadmapItemIdDto,
  ): Promise<RoadmapItemDto> {
    return toRoadmapItemDto(await this.roadmap.get(orgId, id));
  }

  @MessagePattern(ROADMAP_PATTERNS.create)
  async create(
    @MessageOrg() orgId: string,
    @Payload() input: CreateRoadmapItemDto,
    @Ctx() context: RedisStreamsContext,
  ): Promise<RoadmapItemDto> {
    return toRoadmapItemDto(await this.roadmap.create(orgId, input, context.getMessageId()));
  }

  @MessagePattern(ROADMAP_PATTERNS.update)
  async update(
    @MessageOrg() orgId: string,
    @Payload() { id, ...changes }: UpdateRoadmapItemMessageDto,
  ): Promise<RoadmapItemDto> {
    return toRoadmapItemDto(await this.roadmap.update(orgId, id, changes));
  }

  @MessagePattern(ROADMAP_PATTERNS.delete)
  async delete(
    @MessageOrg() orgId: string,
    @Payload() { id }: RoadmapItemIdDto,
  ): Promise<RoadmapItemDto> {
    return toRoadmapItemDto(await this.roadmap.delete(orgId, id));
  }

  @MessagePattern(ROADMAP_PATTERNS.velocity)
  velocity(
    @MessageOrg() orgId: string,
    @Payload() { weeks }: RoadmapVelocityQueryDto,
  ): Promise<RoadmapVelocityDto> {
    return this.roadmap.velocity(orgId, weeks ?? 8);
  }
}
