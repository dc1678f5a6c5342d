import type { DunningMailRequestedEvent } from '@vantage/contracts';
import { formatMoney } from '../templates/format';
import { safeLink, type NoticeView } from '../templates/notice';

const PLAN_NAMES = { free: 'Free', pro: 'Pro', enterprise: 'Enterprise' } as const;

/** The e-mail of one dunning notice, from billing's event. */
export function dunningMailView(event: DunningMailRequestedEvent): NoticeView {
  const plan = PLAN_NAMES[event.plan];
  const amount = formatMoney(event.amountDue, event.currency);
  const graceEnds = day(event.graceEndsAt);
  const invoice = event.invoiceNumber ?? event.invoiceId;
  const payLink = safeLink(event.hostedInvoiceUrl);
  const failed = event.kind === 'payment-failed';
  return {
    subject: failed
      ? `Action needed: the payment for your Vantage ${plan} plan failed`
      : 'Your organisation moved to the Vantage Free plan',
    preheader: failed
      ? `${amount} is due; pay by ${graceEnds} to keep ${plan}.`
      : `Invoice ${invoice} was not paid by ${graceEnds}.`,
    kicker: 'Billing',
    heading: failed ? 'Your payment did not go through' : 'Your plan changed to Free',
    subheading: failed
      ? `Invoice ${invoice} of your ${plan} plan is unpaid.`
      : `The ${plan} plan ended because invoice ${invoice} was not paid.`,
    banner: failed ? 'PAYMENT FAILED' : 'DOWNGRADED',
    bannerColour: failed ? '#b45309' : '#b91c1c',
    lead: failed
      ? `We could not collect ${amount}. Please pay the invoice or update your card before ${graceEnds}, or your organisation moves to the Free plan and its higher limits end.`
      : `Your organisation now has the Free plan's limits. Paying invoice ${invoice} and subscribing again brings ${plan} back.`,
    facts: [
      { label: 'Invoice', value: invoice },
      { label: 'Amount due', value: amount },
      { label: 'Plan', value: plan },
      ...(failed
        ? [
            { label: 'Payment attempts', value: String(event.attemptCount) },
            {
              label: 'Next attempt',
              value: event.nextPaymentAttemptAt
                ? day(event.nextPaymentAttemptAt)
                : 'none scheduled',
            },
            { label: 'Plan kept until', value: graceEnds },
          ]
        : [{ label: 'Moved to Free on', value: graceEnds }]),
    ],
    table: null,
    button: payLink ? { label: 'Pay the invoice', url: payLink } : null,
    footer: [
      'You receive this e-mail because it is the billing address of your Vantage organisation.',
    ],
  };
}

function day(iso: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(iso));
}
