import { Injectable } from '@nestjs/common';
import { BillingAccountRepository } from './billing-account.repository';

/** A Stripe object of a customer that no org is known for (yet): processing is retried. */
export class UnknownCustomerError extends Error {
  constructor(customerId: string) {
    super(`Stripe customer ${customerId} belongs to no organisation billing knows (yet)`);
    this.name = 'UnknownCustomerError';
  }
}

/**
 * Which org a Stripe object belongs to: its customer's link, else the orgId metadata set at
 * checkout (which then links the customer). An event can arrive before the checkout that
 * links its customer: it fails and is retried until the link exists.
 */
@Injectable()
export class OrgResolver {
  constructor(private readonly accounts: BillingAccountRepository) {}

  async orgOf(customerId: string, orgIdHint: string | null): Promise<string> {
    const linked = await this.accounts.orgOfCustomer(customerId);
    if (linked !== null) return linked;
    if (orgIdHint) return this.accounts.linkCustomer(customerId, orgIdHint, new Date());
    throw new UnknownCustomerError(customerId);
  }

  /** null instead of an error, for events that may be about customers that are none of ours. */
  async orgOfKnown(customerId: string, orgIdHint: string | null): Promise<string | null> {
    try {
      return await this.orgOf(customerId, orgIdHint);
    } catch (error) {
      if (error instanceof UnknownCustomerError) return null;
      throw error;
    }
  }
}
