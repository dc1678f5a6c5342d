import { Body, Controller, Get, Headers, HttpCode, Post, Query, Req } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  BILLING_WEBHOOK_PATTERNS,
  FailedWebhookListDto,
  FailedWebhookListQueryDto,
  ReplayFailedWebhooksDto,
  ReplayFailedWebhooksResultDto,
  type StripeWebhookMessage,
  StripeWebhookReceiptDto,
  ValidationFailedError,
} from '@vantage/contracts';
import { Access, Public } from '../../auth/access.decorators';
import type { RawBodyRequest } from '../../edge/raw-body';
import { ServiceRouter } from '../../routing/service-router';
import { ApiAuthenticated, ApiProblems } from '../../shared/openapi';

const OPERATORS = { role: 'admin' } as const;

/**
 * Stripe's webhook endpoint and the failed-webhook list. The endpoint is public (Stripe has no
 * credential of ours) and rate-limited per IP like any anonymous caller; the signature over the
 * raw body is what authenticates it, checked by billing, which holds the endpoint secret.
 */
@ApiTags('billing')
@Controller('api/v1/billing/webhooks')
export class BillingWebhooksController {
  constructor(private readonly router: ServiceRouter) {}

  @Post('stripe')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Stripe webhook endpoint',
    description:
      'Verified against the Stripe-Signature header and stored by event id, then processed ' +
      'asynchronously: 200 quickly, also for a redelivered event (nothing changes twice) and ' +
      'for event types billing does not use; 400 for a bad, missing or stale signature.',
  })
  @ApiHeader({ name: 'Stripe-Signature', required: true })
  @ApiOkResponse({ type: StripeWebhookReceiptDto })
  @ApiProblems(503)
  stripe(
    @Req() request: RawBodyRequest,
    @Headers('stripe-signature') signature: string | undefined,
  ): Promise<StripeWebhookReceiptDto> {
    if (!signature) throw new ValidationFailedError('the Stripe-Signature header is missing');
    if (request.rawBody === undefined) {
      throw new ValidationFailedError('a Stripe event (application/json) is expected');
    }
    const message: StripeWebhookMessage = { payload: request.rawBody, signature };
    return this.router.send('billing', BILLING_WEBHOOK_PATTERNS.receive, message);
  }

  @Get('failed')
  @Access(OPERATORS)
  @ApiOperation({
    summary: 'Webhook events whose processing failed for good (operators)',
    description:
      'For admins of the operator organisations (BILLING_OPERATOR_ORG_IDS); 403 otherwise.',
  })
  @ApiOkResponse({ type: FailedWebhookListDto })
  @ApiAuthenticated()
  failed(@Query() query: FailedWebhookListQueryDto): Promise<FailedWebhookListDto> {
    return this.router.send('billing', BILLING_WEBHOOK_PATTERNS.listFailed, query);
  }

  @Post('failed')
  @HttpCode(200)
  @Access(OPERATORS)
  @ApiOperation({
    summary: 'Replay failed webhook events (operators)',
    description: 'Each gets a fresh set of processing attempts.',
  })
  @ApiOkResponse({ type: ReplayFailedWebhooksResultDto })
  @ApiAuthenticated()
  replay(@Body() body: ReplayFailedWebhooksDto): Promise<ReplayFailedWebhooksResultDto> {
    return this.router.send('billing', BILLING_WEBHOOK_PATTERNS.replayFailed, body);
  }
}
