import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import {
  BILLING_PATTERNS,
  type CheckoutSessionDto,
  CheckoutSessionMessage,
  CreatePortalSessionDto,
  type InvoiceListDto,
  InvoiceListQueryDto,
  type PortalSessionDto,
  type SubscriptionDto,
} from '@vantage/contracts';
import { MessageOrg } from '@vantage/service-runtime';
import { RedisStreamsContext } from '@vantage/transport';
import { OrgBillingService } from './org-billing.service';

/** An org's billing over the transport; the org always comes from the envelope. */
@Controller()
export class OrgBillingHandler {
  constructor(private readonly billing: OrgBillingService) {}

  @MessagePattern(BILLING_PATTERNS.createCheckoutSession)
  checkout(
    @MessageOrg() orgId: string,
    @Payload() input: CheckoutSessionMessage,
    @Ctx() context: RedisStreamsContext,
  ): Promise<CheckoutSessionDto> {
    return this.billing.createCheckoutSession(orgId, input, context.getMessageId());
  }

  @MessagePattern(BILLING_PATTERNS.createPortalSession)
  portal(
    @MessageOrg() orgId: string,
    @Payload() input: CreatePortalSessionDto,
    @Ctx() context: RedisStreamsContext,
  ): Promise<PortalSessionDto> {
    return this.billing.createPortalSession(orgId, input, context.getMessageId());
  }

  @MessagePattern(BILLING_PATTERNS.getSubscription)
  subscription(@MessageOrg() orgId: string): Promise<SubscriptionDto> {
    return this.billing.subscription(orgId);
  }

  @MessagePattern(BILLING_PATTERNS.cancelSubscription)
  cancel(
    @MessageOrg() orgId: string,
    @Ctx() context: RedisStreamsContext,
  ): Promise<SubscriptionDto> {
    return this.billing.cancel(orgId, context.getMessageId());
  }

  @MessagePattern(BILLING_PATTERNS.resumeSubscription)
  resume(
    @MessageOrg() orgId: string,
    @Ctx() context: RedisStreamsContext,
  ): Promise<SubscriptionDto> {
    return this.billing.resume(orgId, context.getMessageId());
  }

  @MessagePattern(BILLING_PATTERNS.listInvoices)
  invoices(
    @MessageOrg() orgId: string,
    @Payload() query: InvoiceListQueryDto,
  ): Promise<InvoiceListDto> {
    return this.billing.invoiceList(orgId, query);
  }
}
