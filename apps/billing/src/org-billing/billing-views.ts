import type { InvoiceDto, SubscriptionDto } from '@vantage/contracts';
import type { BillingAccount } from '../accounts/billing-account.schema';
import type { StoredInvoice } from '../invoices/invoice.schema';

export function toSubscriptionDto(account: BillingAccount): SubscriptionDto {
  const { subscription, dunning } = account;
  return {
    plan: account.plan,
    status: subscription?.status ?? 'none',
    subscriptionId: subscription?.id ?? null,
    subscribedPlan: subscription?.plan ?? null,
    interval: subscription?.interval ?? null,
    quantity: subscription?.quantity ?? 0,
    currentPeriodEnd: isoOfSeconds(subscription?.currentPeriodEnd ?? null),
    cancelAtPeriodEnd: subscription?.cancelAtPeriodEnd ?? false,
    trialEnd: isoOfSeconds(subscription?.trialEnd ?? null),
    dunning: dunning
      ? {
          invoiceId: dunning.invoiceId,
          since: new Date(dunning.since).toISOString(),
          graceEndsAt: new Date(dunning.graceEndsAt).toISOString(),
          downgraded: dunning.downgradedAt !== null,
        }
      : null,
  };
}

export function toInvoiceDto(invoice: StoredInvoice): InvoiceDto {
  return {
    id: invoice._id,
    number: invoice.number,
    status: invoice.status,
    currency: invoice.currency,
    total: invoice.total,
    amountDue: invoice.amountDue,
    amountPaid: invoice.amountPaid,
    created: invoice.created.toISOString(),
    paidAt: invoice.paidAt?.toISOString() ?? null,
    periodStart: invoice.periodStart?.toISOString() ?? null,
    periodEnd: invoice.periodEnd?.toISOString() ?? null,
    hostedInvoiceUrl: invoice.hostedInvoiceUrl,
    invoicePdf: invoice.invoicePdf,
  };
}

function isoOfSeconds(seconds: number | null): string | null {
  return seconds === null ? null : new Date(seconds * 1000).toISOString();
}
