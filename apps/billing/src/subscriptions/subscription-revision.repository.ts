import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type Model, trusted } from 'mongoose';
import { SubscriptionRevision } from './subscription-revision.schema';

/** The only place that touches subscription revisions. */
@Injectable()
export class SubscriptionRevisionRepository {
  constructor(
    @InjectModel(SubscriptionRevision.name) private readonly revisions: Model<SubscriptionRevision>,
  ) {}

  /** Idempotent: the same event's revision stored twice is one revision. */
  async record(revision: SubscriptionRevision): Promise<void> {
    try {
      await this.revisions.create(revision);
    } catch (error) {
      if ((error as { code?: unknown } | null)?.code !== 11000) throw error;
    }
  }

  /** Every revision as of before `beforeSeconds`: the states up to the end of a metrics range. */
  before(beforeSeconds: number): Promise<SubscriptionRevision[]> {
    return this.revisions
      .find({ asOf: trusted({ $lt: beforeSeconds }) })
      .lean<SubscriptionRevision[]>()
      .exec();
  }
}
