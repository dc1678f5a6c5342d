import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import {
  CreateSloDto,
  type SloDto,
  SloIdMessage,
  type SloListDto,
  type SloStatusDto,
  TELEMETRY_SLO_PATTERNS,
  UpdateSloMessage,
} from '@vantage/contracts';
import { MessageOrg } from '@vantage/service-runtime';
import { RedisStreamsContext } from '@vantage/transport';
import { SloStatusService } from './slo-status.service';
import { SlosService, toSloDto } from './slos.service';

/** SLO CRUD and status over the transport; the org always comes from the envelope. */
@Controller()
export class SlosHandler {
  constructor(
    private readonly slos: SlosService,
    private readonly statuses: SloStatusService,
  ) {}

  @MessagePattern(TELEMETRY_SLO_PATTERNS.list)
  async list(@MessageOrg() orgId: string): Promise<SloListDto> {
    return { items: (await this.slos.list(orgId)).map(toSloDto) };
  }

  @MessagePattern(TELEMETRY_SLO_PATTERNS.get)
  async get(@MessageOrg() orgId: string, @Payload() { id }: SloIdMessage): Promise<SloDto> {
    return toSloDto(await this.slos.get(orgId, id));
  }

  @MessagePattern(TELEMETRY_SLO_PATTERNS.create)
  async create(
    @MessageOrg() orgId: string,
    @Payload() input: CreateSloDto,
    @Ctx() context: RedisStreamsContext,
  ): Promise<SloDto> {
    return toSloDto(await this.slos.create(orgId, input, context.getMessageId()));
  }

  @MessagePattern(TELEMETRY_SLO_PATTERNS.update)
  async update(
    @MessageOrg() orgId: string,
    @Payload() { id, ...changes }: UpdateSloMessage,
  ): Promise<SloDto> {
    return toSloDto(await this.slos.update(orgId, id, changes));
  }

  @MessagePattern(TELEMETRY_SLO_PATTERNS.delete)
  async delete(@MessageOrg() orgId: string, @Payload() { id }: SloIdMessage): Promise<SloDto> {
    return toSloDto(await this.slos.delete(orgId, id));
  }

  @MessagePattern(TELEMETRY_SLO_PATTERNS.status)
  async status(
    @MessageOrg() orgId: string,
    @Payload() { id }: SloIdMessage,
  ): Promise<SloStatusDto> {
    const slo = await this.slos.get(orgId, id);
    return (await this.statuses.evaluate(slo)).status;
  }
}
