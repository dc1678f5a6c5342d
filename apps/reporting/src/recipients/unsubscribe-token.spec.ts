import { signUnsubscribeToken, verifyUnsubscribeToken } from './unsubscribe-token';

const secret = 'a-test-secret-of-at-least-32-characters!';
const subject = { orgId: 'org_3kT9wQ1mZp8Lx2Vb7Nc4', recipientId: 'rcp_Vb7Nc43kT9wQ1mZp8Lx2' };

describe('unsubscribe tokens', () => {
  it('names the recipient it was signed for', () => {
    const token = signUnsubscribeToken(subject, secret);

    expect(token).toMatch(/^v1\.org_\w+\.rcp_\w+\.[A-Za-z0-9_-]{43}$/);
    expect(verifyUnsubscribeToken(token, secret)).toEqual(subject);
  });

  it('refuses a token signed with another secret', () => {
    const token = signUnsubscribeToken(subject, 'another-secret-of-at-least-32-characters');

    expect(verifyUnsubscribeToken(token, secret)).toBeNull();
  });

  it('refuses a token whose recipient or org was changed', () => {
    const token = signUnsubscribeToken(subject, secret);
    const otherRecipient = token.replace(subject.recipientId, 'rcp_000000000000000000000');
    const otherOrg = token.replace(subject.orgId, 'org_000000000000000000000');

    expect(verifyUnsubscribeToken(otherRecipient, secret)).toBeNull();
    expect(verifyUnsubscribeToken(otherOrg, secret)).toBeNull();
  });

  it.each(['', 'v1', 'v1.a.b', 'v2.a.b.c', 'v1.a.b.c.d', 'v1.a b.c.d', 'v1..rcp_x.sig'])(
    'refuses the malformed token %p',
    (token) => {
      expect(verifyUnsubscribeToken(token, secret)).toBeNull();
    },
  );
});
