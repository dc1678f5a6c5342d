import { SetMetadata } from '@nestjs/common';

export const EXPENSIVE_ROUTE = 'vantage:expensive-route';

/**
 * Marks a route whose every call costs a lot downstream (formula execute, report send, forecast):
 * besides the caller's usual allowance it draws on the smaller per-org
 * RATE_LIMIT_EXPENSIVE_PER_MINUTE bucket, shared by all such routes.
 */
export const ExpensiveRoute = (): MethodDecorator & ClassDecorator =>
  SetMetadata(EXPENSIVE_ROUTE, true);
