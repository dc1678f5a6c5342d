import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import {
  CreateRadSetDto,
  type Plan,
  RAD_SET_PATTERNS,
  RadSetIdDto,
  type RadSetDto,
  type RadSetExamplesResultDto,
  type RadSetListDto,
  type RadSetSuggestionListDto,
  UpdateRadSetMessageDto,
} from '@vantage/contracts';
import { MessageOrg, MessagePlan } from '@vantage/service-runtime';
import { RedisStreamsContext } from '@vantage/transport';
import { RadSetsService, toRadSetDto } from './rad-sets.service';

/** RAD set CRUD over the transport; the org always comes from the envelope. */
@Controller()
export class RadSetsHandler {
  constructor(private readonly radSets: RadSetsService) {}

  @MessagePattern(RAD_SET_PATTERNS.list)
  async list(@MessageOrg() orgId: string): Promise<RadSetListDto> {
    return { items: (await this.radSets.list(orgId)).map(toRadSetDto) };
  }

  @MessagePattern(RAD_SET_PATTERNS.get)
  async get(@MessageOrg() orgId: string, @Payload() { id }: RadSetIdDto): Promise<RadSetDto> {
    return toRadSetDto(await this.radSets.get(orgId, id));
  }

  @MessagePattern(RAD_SET_PATTERNS.create)
  async create(
    @MessageOrg() orgId: string,
    @MessagePlan() plan: Plan,
    @Payload() input: CreateRadSetDto,
    @Ctx() context: RedisStreamsContext,
  ): Promise<RadSetDto> {
    return toRadSetDto(await this.radSets.create(orgId, plan, input, context.getMessageId()));
  }

  @MessagePattern(RAD_SET_PATTERNS.addExamples)
  async addExamples(
    @MessageOrg() orgId: string,
    @MessagePlan() plan: Plan,
    @Ctx() context: RedisStreamsContext,
  ): Promise<RadSetExamplesResultDto> {
    const { created, alreadyPresent } = await this.radSets.addExamples(
      orgId,
      plan,
      context.getMessageId(),
    );
    return { created: created.map(toRadSetDto), alreadyPresent: alreadyPresent.map(toRadSetDto) };
  }

  @MessagePattern(RAD_SET_PATTERNS.suggestions)
  suggestions(@MessageOrg() orgId: string): Promise<RadSetSuggestionListDto> {
    return this.radSets.suggestions(orgId);
  }

  @MessagePattern(RAD_SET_PATTERNS.update)
  async update(
    @MessageOrg() orgId: string,
    @Payload() { id, ...changes }: UpdateRadSetMessageDto,
  ): Promise<RadSetDto> {
    return toRadSetDto(await this.radSets.update(orgId, id, changes));
  }

  @MessagePattern(RAD_SET_PATTERNS.delete)
  async delete(@MessageOrg() orgId: string, @Payload() { id }: RadSetIdDto): Promise<RadSetDto> {
    return toRadSetDto(await this.radSets.delete(orgId, id));
  }
}
