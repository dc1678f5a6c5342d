import { ForbiddenError } from '@vantage/contracts';
import type { RedisStreamsContext } from '@vantage/transport';
import type { BillingConfig } from '../config/billing.config';

/**
 * Business-wide billing data (revenue, the failed-webhook list) is for operators: a request
 * from the gateway acts for an org, which must be one of BILLING_OPERATOR_ORG_IDS; a message
 * without an org comes from another service (reporting) and may read it.
 */
export function assertOperator(config: BillingConfig, context: RedisStreamsContext): void {
  const orgId = context.getEnvelope().orgId;
  if (orgId === undefined) return;
  const operators = config.BILLING_OPERATOR_ORG_IDS.split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  if (!operators.includes(orgId)) {
    throw new ForbiddenError('business-wide billing data is for operators only');
  }
}
