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
import { WebhookRoute } from '../../rate-limit/webhook-route.decorator';
import { ServiceRouter } from '../../routing/service-router';
import { ApiAuthenticated, ApiProblems } from '../../shared/openapi';
import { StripeWebhookVerifier } from './stripe-webhook.verifier';

const OPERATORS = { role: 'admin' } as const;

/**
 * Stripe's webhook endpoint and the failed-webhook list. The endpoint is public (Stripe has no
 * credential of ours), rate-limited per IP on its own allowance, its body limited to
 * STRIPE_WEBHOOK_BODY_LIMIT_BYTES; the signature over the raw body is what authenticates it,
 * checked here before anything is queued (an anonymous body would otherwise sit in Redis), and
 * again by billing.
 */
@ApiTags('billing')
@Controller('api/v1/billing/webhooks')
export class BillingWebhooksController {
  constructor(
    private readonly router: ServiceRouter,
    private readonly verifier: StripeWebhookVerifier,
  ) {}

  @Post('stripe')
  @Public()
  @WebhookRoute()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Stripe webhook endpoint',
    description:
      'Verified against the Stripe-Signature header and stored by event id, then processed ' +
      'asynchronously: 200 quickly, also for a redelivered event (nothing changes twice) and ' +
      'for event types billing does not use; 400 for a bad, missing or stale signature; ' +
      '413 for a body over 256 KiB (STRIPE_WEBHOOK_BODY_LIMIT_BYTES); 429 beyond the per-IP ' +
      'limit of this route (RATE_LIMIT_WEBHOOK_PER_MINUTE).',
  })
  @ApiHeader({ name: 'Stripe-Signature', required: true })
  @ApiOkResponse({ type: StripeWebhookReceiptDto })
  @ApiProblems(413, 503)
  stripe(
    @Req() request: RawBodyRequest,
    @Headers('stripe-signature') signature: string | undefined,
  ): Promise<StripeWebhookReceiptDto> {
    if (!signature) throw new ValidationFailedError('the Stripe-Signature header is missing');
    if (request.rawBody === undefined) {
      throw new ValidationFailedError('a Stripe event (application/json) is expected');
    }
    this.verifier.verify(request.rawBody, signature);
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
