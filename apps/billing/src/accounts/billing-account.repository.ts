import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type Model, type QueryFilter, trusted } from 'mongoose';
import { BillingAccount, StripeCustomer } from './billing-account.schema';

const DUPLICATE_KEY = 11000;

export type AccountChanges = Partial<
  Pick<
    BillingAccount,
    'customerId' | 'email' | 'plan' | 'planChangedAt' | 'subscription' | 'dunning'
  >
>;

/** The only place that touches billing accounts and the customer → org links. */
@Injectable()
export class BillingAccountRepository {
  constructor(
    @InjectModel(BillingAccount.name) private readonly accounts: Model<BillingAccount>,
    @InjectModel(StripeCustomer.name) private readonly customers: Model<StripeCustomer>,
  ) {}

  find(orgId: string): Promise<BillingAccount | null> {
    return this.accounts.findById(orgId).lean<BillingAccount>().exec();
  }

  /** The account, created (free, no customer) on first use; two replicas creating it agree. */
  async findOrCreate(orgId: string, now: Date): Promise<BillingAccount> {
    const existing = await this.find(orgId);
    if (existing) return existing;
    try {
      await this.accounts.create({
        _id: orgId,
        customerId: null,
        email: null,
        plan: 'free',
        planChangedAt: new Date(0),
        planAnnouncedAt: new Date(0),
        subscription: null,
        dunning: null,
        version: 0,
        createdAt: now,
        updatedAt: now,
      });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    const created = await this.find(orgId);
    if (!created) throw new Error(`billing account ${orgId} vanished`);
    return created;
  }

  /** Writes `changes` only if nobody changed the account since `version` was read. */
  async updateIfUnchanged(
    orgId: string,
    version: number,
    changes: AccountChanges,
    now: Date,
  ): Promise<BillingAccount | null> {
    return this.accounts
      .findOneAndUpdate(
        { _id: orgId, version },
        { $set: { ...changes, updatedAt: now }, $inc: { version: 1 } },
        { returnDocument: 'after' },
      )
      .lean<BillingAccount>()
      .exec();
  }

  /** Records that the gateways were told of the plan changed at `changedAt`. */
  async markAnnounced(orgId: string, changedAt: Date): Promise<void> {
    await this.accounts
      .updateOne({ _id: orgId, planChangedAt: changedAt }, { $set: { planAnnouncedAt: changedAt } })
      .exec();
  }

  /** Accounts whose grace period ended without the plan having been lowered yet. */
  graceExpired(now: Date, limit: number): Promise<BillingAccount[]> {
    const filter: QueryFilter<BillingAccount> = {
      'dunning.graceEndsAt': trusted({ $lte: now }),
      'dunning.downgradedAt': null,
    };
    return this.accounts.find(filter).limit(limit).lean<BillingAccount[]>().exec();
  }

  async orgOfCustomer(customerId: string): Promise<string | null> {
    const link = await this.customers.findById(customerId).lean<StripeCustomer>().exec();
    return link?.orgId ?? null;
  }

  /** Links a customer to an org; the org it is already linked to if it is. */
  async linkCustomer(customerId: string, orgId: string, now: Date): Promise<string> {
    try {
      await this.customers.create({ _id: customerId, orgId, linkedAt: now });
      return orgId;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      return (await this.orgOfCustomer(customerId)) ?? orgId;
    }
  }
}

function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === DUPLICATE_KEY;
}
