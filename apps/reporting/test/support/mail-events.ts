import { randomBytes } from 'node:crypto';
import type { DunningMailRequestedEvent } from '@vantage/contracts';

/**
 * A failed payment of a Pro plan's invoice, as billing asks for its dunning mail; a fresh dedupe
 * key each time.
 */
export function dunningEvent(orgId: string, billing: string): DunningMailRequestedEvent {
  return {
    dedupeKey: `in_${randomBytes(6).toString('hex')}:payment-failed:1`,
    kind: 'payment-failed',
    orgId,
    recipients: [billing],
    plan: 'pro',
    invoiceId: 'in_1Q2w3E4r5T6y',
    invoiceNumber: 'ACME-0042',
    amountDue: 4900,
    currency: 'usd',
    hostedInvoiceUrl: 'https://invoice.stripe.com/i/acct_1/test_42',
    attemptCount: 1,
    nextPaymentAttemptAt: '2026-11-26T10:00:00.000Z',
    graceEndsAt: '2026-12-07T10:00:00.000Z',
    occurredAt: '2026-11-23T10:00:00.000Z',
  };
}
