import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  BILLING_PATTERNS,
  CheckoutSessionDto,
  type CheckoutSessionMessage,
  CreateCheckoutSessionDto,
  CreatePortalSessionDto,
  ErrorCode,
  InvoiceListDto,
  InvoiceListQueryDto,
  PortalSessionDto,
  SubscriptionDto,
} from '@vantage/contracts';
import { Audited, noDetails, targetInResult } from '../../audit/audited.decorator';
import { Access, CurrentPrincipal } from '../../auth/access.decorators';
import type { Principal } from '../../auth/principal';
import { ServiceRouter } from '../../routing/service-router';
import { ApiAuthenticated } from '../../shared/openapi';
import { OrgOwnerDirectory } from './org-owner.directory';

/** Billing changes are for owners and admins (people, not API keys). */
const BILLING_MANAGERS = { role: 'admin' } as const;

/** The organisation's subscription and invoices, forwarded to the billing service. */
@ApiTags('billing')
@Controller('api/v1/billing')
@ApiAuthenticated()
export class BillingController {
  constructor(
    private readonly router: ServiceRouter,
    private readonly owners: OrgOwnerDirectory,
  ) {}

  @Post('checkout-session')
  @Access(BILLING_MANAGERS)
  @Audited({
    action: 'billing.checkout_started',
    target: targetInResult('id'),
    // The plan and interval asked for; the redirect URLs say nothing worth keeping.
    details: ({ body }) => {
      const { plan, interval } = body as CreateCheckoutSessionDto;
      return { plan, interval: interval ?? 'month' };
    },
  })
  @ApiOperation({
    summary: 'Start a Stripe Checkout for a plan',
    description:
      'Answers the Checkout page to send the browser to. The Stripe customer is created once ' +
      "per organisation, with the owner's e-mail. 409 when the organisation already has a " +
      'subscription (change it in the customer portal); 503 when Stripe is unavailable, or ' +
      `with code ${ErrorCode.BillingPriceNotConfigured} when this server has no Stripe price ` +
      'for the plan and interval (an operator sets it; retrying does not help until then).',
  })
  @ApiCreatedResponse({ type: CheckoutSessionDto })
  // Merged into the 503 that ApiAuthenticated declares (same problem+json schema).
  @ApiResponse({
    status: 503,
    description:
      `Or code ${ErrorCode.BillingPriceNotConfigured}, without Retry-After: billing has no ` +
      'Stripe price for this plan and interval; the detail names the variable to set.',
  })
  @ApiAuthenticated(409, 503)
  async checkout(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateCheckoutSessionDto,
  ): Promise<CheckoutSessionDto> {
    const message: CheckoutSessionMessage = {
      ...body,
      ownerEmail: await this.owners.ownerEmail(principal.orgId),
    };
    return this.router.send('billing', BILLING_PATTERNS.createCheckoutSession, message);
  }

  @Post('portal-session')
  @Access(BILLING_MANAGERS)
  @Audited({ action: 'billing.portal_opened', details: noDetails })
  @ApiOperation({
    summary: 'Open the Stripe customer portal',
    description: 'Payment methods, plan changes, invoices. 404 before the first checkout.',
  })
  @ApiCreatedResponse({ type: PortalSessionDto })
  @ApiAuthenticated(404, 503)
  portal(@Body() body: CreatePortalSessionDto): Promise<PortalSessionDto> {
    return this.router.send('billing', BILLING_PATTERNS.createPortalSession, body);
  }

  @Get('subscription')
  @ApiOperation({ summary: 'The plan in effect, the subscription and any dunning' })
  @ApiOkResponse({ type: SubscriptionDto })
  subscription(): Promise<SubscriptionDto> {
    return this.router.send('billing', BILLING_PATTERNS.getSubscription, {});
  }

  @Post('subscription/cancel')
  @HttpCode(200)
  @Access(BILLING_MANAGERS)
  @Audited({ action: 'billing.subscription_canceled', details: noDetails })
  @ApiOperation({
    summary: 'Cancel at the end of the current period',
    description: 'The plan stays until then; resume undoes it. 404 without a subscription.',
  })
  @ApiOkResponse({ type: SubscriptionDto })
  @ApiAuthenticated(404, 503)
  cancel(): Promise<SubscriptionDto> {
    return this.router.send('billing', BILLING_PATTERNS.cancelSubscription, {});
  }

  @Post('subscription/resume')
  @HttpCode(200)
  @Access(BILLING_MANAGERS)
  @Audited({ action: 'billing.subscription_resumed', details: noDetails })
  @ApiOperation({ summary: 'Undo a cancellation at period end' })
  @ApiOkResponse({ type: SubscriptionDto })
  @ApiAuthenticated(404, 503)
  resume(): Promise<SubscriptionDto> {
    return this.router.send('billing', BILLING_PATTERNS.resumeSubscription, {});
  }

  @Get('invoices')
  @Access(BILLING_MANAGERS)
  @ApiOperation({
    summary: "The organisation's invoices, newest first, with hosted pages and PDFs",
  })
  @ApiOkResponse({ type: InvoiceListDto })
  invoices(@Query() query: InvoiceListQueryDto): Promise<InvoiceListDto> {
    return this.router.send('billing', BILLING_PATTERNS.listInvoices, query);
  }
}
