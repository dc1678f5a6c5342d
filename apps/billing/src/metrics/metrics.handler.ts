import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import {
  BILLING_METRICS_PATTERNS,
  type RevenueMetricsDto,
  RevenueMetricsQueryDto,
} from '@vantage/contracts';
import { RedisStreamsContext } from '@vantage/transport';
import { BillingConfig } from '../config/billing.config';
import { assertOperator } from './operator-access';
import { RevenueMetricsService } from './revenue-metrics.service';

/** Revenue metrics over the transport: operators through the gateway, and the reporting service. */
@Controller()
export class MetricsHandler {
  constructor(
    private readonly config: BillingConfig,
    private readonly metrics: RevenueMetricsService,
  ) {}

  @MessagePattern(BILLING_METRICS_PATTERNS.revenue)
  revenue(
    @Payload() query: RevenueMetricsQueryDto,
    @Ctx() context: RedisStreamsContext,
  ): Promise<RevenueMetricsDto> {
    assertOperator(this.config, context);
    return this.metrics.compute(query);
  }
}
