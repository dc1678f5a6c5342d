import { Injectable } from '@nestjs/common';
import type Stripe from 'stripe';
import { OrgResolver } from '../accounts/org-resolver';
import { DunningService } from '../dunning/dunning.service';
import { idOf } from '../subscriptions/subscription-snapshot';
import { InvoiceRepository, type InvoiceState } from './invoice.repository';

/**
 * invoice.finalized / paid / payment_failed: the invoice is stored as of its newest event; a
 * failed payment is recorded and starts dunning (unless the invoice is known to be paid by a
 * newer event); a payment ends it.
 */
@Injectable()
export class InvoiceEventsService {
  constructor(
    private readonly orgs: OrgResolver,
    private readonly invoices: InvoiceRepository,
    private readonly dunning: DunningService,
  ) {}

  async apply(event: Stripe.Event, invoice: Stripe.Invoice): Promise<void> {
    const customerId = idOf(invoice.customer);
    const details = invoice.parent?.subscription_details ?? null;
    const orgId = await this.orgs.orgOf(
      customerId,
      details?.metadata?.['orgId'] ?? invoice.metadata?.['orgId'] ?? null,
    );
    const stored = await this.invoices.saveIfNewer(toInvoiceState(invoice, orgId, event.created));
    if (event.type === 'invoice.payment_failed') {
      const failedAt = new Date(event.created * 1000);
      await this.invoices.addFailure(invoice.id, {
        eventId: event.id,
        at: failedAt,
        attempt: invoice.attempt_count,
      });
      // A subscription's invoice only: a one-off invoice going unpaid changes no plan.
      if (stored.status !== 'paid' && stored.subscriptionId !== null) {
        await this.dunning.paymentFailed(orgId, stored, failedAt);
      }
    } else if (event.type === 'invoice.paid') {
      await this.dunning.invoicePaid(orgId, invoice.id);
    }
  }
}

export function toInvoiceState(invoice: Stripe.Invoice, orgId: string, asOf: number): InvoiceState {
  const subscription = invoice.parent?.subscription_details?.subscription ?? null;
  const paidAt = invoice.status_transitions?.paid_at ?? null;
  return {
    _id: invoice.id,
    orgId,
    customerId: idOf(invoice.customer),
    subscriptionId: subscription === null ? null : idOf(subscription),
    number: invoice.number,
    status: invoice.status ?? 'draft',
    currency: invoice.currency,
    total: invoice.total,
    amountDue: invoice.amount_due,
    amountPaid: invoice.amount_paid,
    created: new Date(invoice.created * 1000),
    paidAt: paidAt === null ? null : new Date(paidAt * 1000),
    periodStart: invoice.period_start ? new Date(invoice.period_start * 1000) : null,
    periodEnd: invoice.period_end ? new Date(invoice.period_end * 1000) : null,
    hostedInvoiceUrl: invoice.hosted_invoice_url ?? null,
    invoicePdf: invoice.invoice_pdf ?? null,
    attemptCount: invoice.attempt_count,
    nextPaymentAttempt: invoice.next_payment_attempt
      ? new Date(invoice.next_payment_attempt * 1000)
      : null,
    asOf,
  };
}
