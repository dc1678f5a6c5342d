import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  BILLING_METRICS_PATTERNS,
  RevenueMetricsDto,
  RevenueMetricsQueryDto,
} from '@vantage/contracts';
import { Access } from '../../auth/access.decorators';
import { ServiceRouter } from '../../routing/service-router';
import { ApiAuthenticated } from '../../shared/openapi';

/** Revenue metrics of the whole business: operators' admins and admin-scoped API keys. */
@ApiTags('billing')
@Controller('api/v1/billing/metrics')
@ApiAuthenticated()
export class BillingMetricsController {
  constructor(private readonly router: ServiceRouter) {}

  @Get()
  @Access({ role: 'admin', scope: 'admin' })
  @ApiOperation({
    summary: 'MRR, ARR, MRR movements, churn, subscriptions and revenue per week or month',
    description:
      'For the operator organisations (BILLING_OPERATOR_ORG_IDS of billing); 403 for others.',
  })
  @ApiOkResponse({ type: RevenueMetricsDto })
  metrics(@Query() query: RevenueMetricsQueryDto): Promise<RevenueMetricsDto> {
    return this.router.send('billing', BILLING_METRICS_PATTERNS.revenue, query);
  }
}
