import { ValidationFailedError } from '@vantage/contracts';
import { event, signature } from '@vantage/stripe-testing';
import { verifyStripeEvent } from './verify-stripe-event';

const SECRET = { secret: 'whsec_verify_spec', toleranceSeconds: 300 };
const now = (): number => Math.floor(Date.now() / 1000);
const body = event('customer.updated', { id: 'cus_1', object: 'customer' }, now()).payload;

function refusal(payload: string, header: string): string {
  try {
    verifyStripeEvent(payload, header, SECRET);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationFailedError);
    return (error as Error).message;
  }
  throw new Error('the webhook was accepted');
}

describe('verifyStripeEvent', () => {
  it('returns the event that the secret signed within the tolerance', () => {
    const signed = event('invoice.paid', { id: 'in_1', object: 'invoice' }, now());

    const verified = verifyStripeEvent(
      signed.payload,
      signature(signed.payload, 'whsec_verify_spec'),
      SECRET,
    );

    expect(verified).toMatchObject({ id: signed.id, type: 'invoice.paid' });
  });

  it.each([
    ['another secret', () => signature(body, 'whsec_someone_else'), 'no valid signature'],
    [
      'a timestamp beyond the tolerance',
      () => signature(body, SECRET.secret, now() - 301),
      'the signature timestamp is outside the tolerance',
    ],
    ['a header without t= and v1=', () => 'v1=nothing', 'the Stripe-Signature header is malformed'],
  ])('refuses a signature made with %s', (_case, header, problem) => {
    expect(refusal(body, header())).toBe(`Stripe webhook refused: ${problem}`);
  });

  it('refuses the body changed after signing, even by whitespace', () => {
    const header = signature(body, SECRET.secret);

    expect(refusal(`${body} `, header)).toBe('Stripe webhook refused: no valid signature');
  });

  it.each([
    ['JSON that is no event', '{"id":"evt_1","object":"customer"}'],
    ['an event id outside the pattern', JSON.stringify({ ...JSON.parse(body), id: 'evt_$' })],
    ['no JSON at all', 'id=evt_1'],
  ])('refuses %s, signed or not', (_case, payload) => {
    expect(refusal(payload, signature(payload, SECRET.secret))).toBe(
      'Stripe webhook refused: the body is not a Stripe event',
    );
  });
});
