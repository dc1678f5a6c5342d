import type { AccountMailRequestedEvent } from '@vantage/contracts';
import { safeLink, type NoticeView } from '../templates/notice';

/** What sets one kind of account mail apart; the layout is the shared notice. */
interface AccountMailText {
  readonly subject: string;
  readonly banner: string;
  readonly heading: string;
  readonly lead: string;
  readonly button: string | null;
}

const TEXTS: Readonly<Record<AccountMailRequestedEvent['kind'], AccountMailText>> = {
  'verify-email': {
    subject: 'Confirm your e-mail address for Vantage',
    banner: 'CONFIRM ADDRESS',
    heading: 'Confirm your e-mail address',
    lead: 'Someone (we hope you) signed up for Vantage with this address. Confirm it to activate the account; until then nobody can sign in to it.',
    button: 'Confirm my address',
  },
  'already-registered': {
    subject: 'Someone tried to sign up to Vantage with your address',
    banner: 'SIGN-UP ATTEMPT',
    heading: 'You already have an account',
    lead: 'Someone tried to create a Vantage account with this address, which already has one. If it was you, sign in, or reset your password if you forgot it. If it was not, you can ignore this e-mail: nothing changed.',
    button: 'Sign in',
  },
  'password-reset': {
    subject: 'Reset your Vantage password',
    banner: 'PASSWORD RESET',
    heading: 'Reset your password',
    lead: 'Someone (we hope you) asked to reset the password of your Vantage account. The link works once. If it was not you, ignore this e-mail: your password stays as it is.',
    button: 'Choose a new password',
  },
  'password-changed': {
    subject: 'Your Vantage password was changed',
    banner: 'PASSWORD CHANGED',
    heading: 'Your password was changed',
    lead: 'The password of your Vantage account was just changed and your other sessions were signed out. If it was not you, reset your password now.',
    button: null,
  },
};

/** The e-mail of one account notice, from the gateway's event. */
export function accountMailView(event: AccountMailRequestedEvent): NoticeView {
  const text = TEXTS[event.kind];
  const link = safeLink(event.actionUrl);
  return {
    subject: text.subject,
    preheader: text.heading,
    kicker: 'Your account',
    heading: text.heading,
    subheading: `Hello ${event.name},`,
    banner: text.banner,
    bannerColour: '#1d4ed8',
    lead: text.lead,
    facts: [
      { label: 'Account', value: event.to },
      ...(event.expiresAt ? [{ label: 'Link valid until', value: expiry(event.expiresAt) }] : []),
    ],
    table: null,
    button: text.button && link ? { label: text.button, url: link } : null,
    footer: [
      'You receive this e-mail because of an action on the Vantage account of this address.',
    ],
  };
}

function expiry(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
