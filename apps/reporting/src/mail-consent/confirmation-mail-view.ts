import type { NoticeView } from '../templates/notice';

/** The one mail an address outside the org gets before anything else: a link to confirm. */
export function confirmationMailView(email: string, confirmUrl: string): NoticeView {
  return {
    subject: 'Confirm that you want e-mail from Vantage',
    preheader: 'Nothing is sent to you unless you confirm.',
    kicker: 'Confirm your address',
    heading: 'Do you want these e-mails?',
    subheading: 'An organisation on Vantage added your address as a recipient.',
    banner: 'CONFIRM',
    bannerColour: '#1d4ed8',
    lead:
      `${email} was added as a recipient of the alerts or reports of an organisation on ` +
      'Vantage. Nothing is sent to this address unless you confirm.',
    facts: [{ label: 'Address', value: email }],
    table: null,
    button: { label: 'Confirm', url: confirmUrl },
    footer: [
      'If you did not expect this e-mail, ignore it: you will receive nothing more.',
      'The link works once.',
    ],
  };
}
