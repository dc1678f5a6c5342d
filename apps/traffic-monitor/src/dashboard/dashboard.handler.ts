import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import {
  type Actor,
  DASHBOARD_PATTERNS,
  type DashboardConfigDto,
  DashboardConfigHistoryQueryDto,
  type DashboardConfigHistoryDto,
  type DashboardPageDto,
  DashboardQueryDto,
  DashboardStatsQueryDto,
  type DashboardStatsDto,
  PutDashboardConfigDto,
  RollbackDashboardConfigDto,
} from '@vantage/contracts';
import { MessageActor, MessageOrg } from '@vantage/service-runtime';
import { RedisStreamsContext } from '@vantage/transport';
import { DashboardConfigService } from './dashboard-config.service';
import { DashboardService } from './dashboard.service';

/** Dashboard statistics, the event table, and the versioned settings, over the transport. */
@Controller()
export class DashboardHandler {
  constructor(
    private readonly dashboard: DashboardService,
    private readonly config: DashboardConfigService,
  ) {}

  @MessagePattern(DASHBOARD_PATTERNS.stats)
  stats(
    @MessageOrg() orgId: string,
    @Payload() { asOf }: DashboardStatsQueryDto,
  ): Promise<DashboardStatsDto> {
    return this.dashboard.stats(orgId, asOf);
  }

  @MessagePattern(DASHBOARD_PATTERNS.query)
  query(
    @MessageOrg() orgId: string,
    @Payload() query: DashboardQueryDto,
  ): Promise<DashboardPageDto> {
    return this.dashboard.query(orgId, query);
  }

  @MessagePattern(DASHBOARD_PATTERNS.getConfig)
  getConfig(@MessageOrg() orgId: string): Promise<DashboardConfigDto> {
    return this.config.current(orgId);
  }

  @MessagePattern(DASHBOARD_PATTERNS.putConfig)
  putConfig(
    @MessageOrg() orgId: string,
    @MessageActor() actor: Actor | undefined,
    @Payload() change: PutDashboardConfigDto,
    @Ctx() context: RedisStreamsContext,
  ): Promise<DashboardConfigDto> {
    return this.config.change({ orgId, actor, messageId: context.getMessageId() }, change);
  }

  @MessagePattern(DASHBOARD_PATTERNS.configHistory)
  configHistory(
    @MessageOrg() orgId: string,
    @Payload() query: DashboardConfigHistoryQueryDto,
  ): Promise<DashboardConfigHistoryDto> {
    return this.config.history(orgId, query);
  }

  @MessagePattern(DASHBOARD_PATTERNS.rollbackConfig)
  rollbackConfig(
    @MessageOrg() orgId: string,
    @MessageActor() actor: Actor | undefined,
    @Payload() request: RollbackDashboardConfigDto,
    @Ctx() context: RedisStreamsContext,
  ): Promise<DashboardConfigDto> {
    return this.config.rollback({ orgId, actor, messageId: context.getMessageId() }, request);
  }
}
