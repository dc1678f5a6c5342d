import { ErrorCode, NotConfiguredError, ValidationFailedError } from '@vantage/contracts';
import Stripe from 'stripe';
import { toDomainError } from './stripe-errors';

/** Stripe's refusal of a request, as the SDK builds it from Stripe's 400 answer. */
function invalidRequest(code: string, param: string, message: string): Error {
  return new Stripe.errors.StripeInvalidRequestError({
    type: 'invalid_request_error',
    statusCode: 400,
    code,
    param,
    message,
  });
}

describe('toDomainError', () => {
  it("answers a configured price that Stripe does not know (another account or mode) as billing's 503 BILLING_PRICE_NOT_CONFIGURED", () => {
    const error = toDomainError(
      invalidRequest('resource_missing', 'line_items[0][price]', "No such price: 'price_123'"),
      'checkout session creation',
    );

    expect(error).toBeInstanceOf(NotConfiguredError);
    expect(error).toMatchObject({ code: ErrorCode.BillingPriceNotConfigured, status: 503 });
    expect((error as Error).message).toMatch(/No such price: 'price_123'.*STRIPE_PRICE_/);
  });

  it('keeps any other refusal a 400 with Stripe’s reason', () => {
    const error = toDomainError(
      invalidRequest('url_invalid', 'success_url', 'Not a valid URL'),
      'checkout session creation',
    );

    expect(error).toBeInstanceOf(ValidationFailedError);
    expect((error as Error).message).toContain('Not a valid URL');
  });
});
