import { signLinkToken, verifyLinkToken } from './signed-link-token';

const SECRET = 'a-test-secret-of-at-least-32-characters-0123';
const NOW = new Date('2026-11-23T10:00:00Z');

function token(overrides: Partial<Parameters<typeof signLinkToken>[0]> = {}): string {
  return signLinkToken(
    {
      purpose: 'weekly-report-preview',
      orgId: 'org_a',
      expiresAt: new Date(NOW.getTime() + 60_000),
      params: { week: '2026-W47' },
      ...overrides,
    },
    SECRET,
  );
}

describe('signed link tokens', () => {
  it('gives back what was signed, until the expiry', () => {
    expect(verifyLinkToken(token(), 'weekly-report-preview', SECRET, NOW)).toEqual({
      ok: true,
      claims: {
        purpose: 'weekly-report-preview',
        orgId: 'org_a',
        expiresAt: new Date(NOW.getTime() + 60_000),
        params: { week: '2026-W47' },
      },
    });
  });

  it('refuses a token at and after its expiry', () => {
    const at = new Date(NOW.getTime() + 60_000);

    expect(verifyLinkToken(token(), 'weekly-report-preview', SECRET, at)).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('refuses a token of another purpose, and one signed with another secret', () => {
    const other = token({ purpose: 'invite' });

    expect(verifyLinkToken(other, 'weekly-report-preview', SECRET, NOW)).toEqual({
      ok: false,
      reason: 'other-purpose',
    });
    expect(verifyLinkToken(token(), 'weekly-report-preview', `${SECRET}!`, NOW)).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('refuses claims changed after signing, and anything that is not a token', () => {
    const [, signature] = token().split('.');
    const claims = Buffer.from(
      JSON.stringify({ p: 'weekly-report-preview', o: 'org_b', e: 1_900_000_000, q: {} }),
    ).toString('base64url');

    for (const forged of [`${claims}.${signature}`, '', 'abc', 'a.b.c', `${claims}.`]) {
      expect(verifyLinkToken(forged, 'weekly-report-preview', SECRET, NOW)).toEqual({
        ok: false,
        reason: 'invalid',
      });
    }
  });
});
