import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import {
  CreateExperimentDto,
  EXPERIMENT_PATTERNS,
  type ExperimentDto,
  type ExperimentHealthDto,
  ExperimentHealthRequestDto,
  ExperimentKeyDto,
  type ExperimentListDto,
  type Plan,
  UpdateExperimentMessageDto,
} from '@vantage/contracts';
import { MessageOrg, MessagePlan } from '@vantage/service-runtime';
import { RedisStreamsContext } from '@vantage/transport';
import { ExperimentsService, toExperimentDto } from './experiments.service';

/** Experiment CRUD and health over the transport; the org always comes from the envelope. */
@Controller()
export class ExperimentsHandler {
  constructor(private readonly experiments: ExperimentsService) {}

  @MessagePattern(EXPERIMENT_PATTERNS.list)
  async list(@MessageOrg() orgId: string): Promise<ExperimentListDto> {
    return { items: (await this.experiments.list(orgId)).map(toExperimentDto) };
  }

  @MessagePattern(EXPERIMENT_PATTERNS.get)
  async get(
    @MessageOrg() orgId: string,
    @Payload() { key }: ExperimentKeyDto,
  ): Promise<ExperimentDto> {
    return toExperimentDto(await this.experiments.get(orgId, key));
  }

  @MessagePattern(EXPERIMENT_PATTERNS.create)
  async create(
    @MessageOrg() orgId: string,
    @MessagePlan() plan: Plan,
    @Payload() input: CreateExperimentDto,
    @Ctx() context: RedisStreamsContext,
  ): Promise<ExperimentDto> {
    return toExperimentDto(
      await this.experiments.create(orgId, plan, input, context.getMessageId()),
    );
  }

  @MessagePattern(EXPERIMENT_PATTERNS.update)
  async update(
    @MessageOrg() orgId: string,
    @Payload() { key, ...changes }: UpdateExperimentMessageDto,
  ): Promise<ExperimentDto> {
    return toExperimentDto(await this.experiments.update(orgId, key, changes));
  }

  @MessagePattern(EXPERIMENT_PATTERNS.delete)
  async delete(
    @MessageOrg() orgId: string,
    @Payload() { key }: ExperimentKeyDto,
  ): Promise<ExperimentDto> {
    return toExperimentDto(await this.experiments.delete(orgId, key));
  }

  @MessagePattern(EXPERIMENT_PATTERNS.health)
  health(
    @MessageOrg() orgId: string,
    @Payload() { key, ...window }: ExperimentHealthRequestDto,
  ): Promise<ExperimentHealthDto> {
    return this.experiments.health(orgId, key, window);
  }
}
