import { ACCOUNT_MAIL_KINDS, type AccountMailRequestedEvent } from '@vantage/contracts';
import { accountMailView } from './account-mail-view';

function event(overrides: Partial<AccountMailRequestedEvent>): AccountMailRequestedEvent {
  return {
    mailId: 'acm_0123456789abcdefghij',
    kind: 'password-reset',
    to: 'ada@example.com',
    name: 'Ada',
    actionUrl: 'https://app.vantage.example/reset-password?token=vpr_abc',
    expiresAt: '2026-12-07T13:30:00.000Z',
    requestedAt: '2026-12-07T13:00:00.000Z',
    ...overrides,
  };
}

describe('accountMailView', () => {
  it.each(ACCOUNT_MAIL_KINDS)('gives a %s mail its own subject', (kind) => {
    const subjects = ACCOUNT_MAIL_KINDS.map(
      (other) => accountMailView(event({ kind: other })).subject,
    );
    expect(
      subjects.filter((subject) => subject === accountMailView(event({ kind })).subject),
    ).toHaveLength(1);
  });

  it('links the action and says until when it works', () => {
    const view = accountMailView(event({}));
    expect(view.button).toEqual({
      label: 'Choose a new password',
      url: 'https://app.vantage.example/reset-password?token=vpr_abc',
    });
    expect(view.facts).toContainEqual({ label: 'Link valid until', value: '2026-12-07 13:30 UTC' });
  });

  it('drops a link that is not http(s)', () => {
    expect(accountMailView(event({ actionUrl: 'javascript:alert(1)' })).button).toBeNull();
  });

  it('has no button on the password-changed notice', () => {
    expect(accountMailView(event({ kind: 'password-changed', expiresAt: null })).button).toBeNull();
  });
});
