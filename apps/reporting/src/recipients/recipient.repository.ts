import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { ReportRecipient } from './recipient.schema';

const DUPLICATE_KEY = 11000;

/** The only place that touches the recipients collection. Every query is scoped by org. */
@Injectable()
export class RecipientRepository {
  constructor(
    @InjectModel(ReportRecipient.name) private readonly recipients: Model<ReportRecipient>,
  ) {}

  list(orgId: string): Promise<ReportRecipient[]> {
    return this.recipients.find({ orgId }).sort({ emailKey: 1 }).lean<ReportRecipient[]>().exec();
  }

  subscribed(orgId: string): Promise<ReportRecipient[]> {
    return this.recipients
      .find({ orgId, status: 'subscribed' })
      .sort({ createdAt: 1, _id: 1 })
      .lean<ReportRecipient[]>()
      .exec();
  }

  count(orgId: string): Promise<number> {
    return this.recipients.countDocuments({ orgId }).exec();
  }

  findById(orgId: string, id: string): Promise<ReportRecipient | null> {
    return this.recipients.findOne({ _id: id, orgId }).lean<ReportRecipient>().exec();
  }

  findCreatedBy(orgId: string, messageId: string): Promise<ReportRecipient | null> {
    return this.recipients
      .findOne({ orgId, createdByMessage: messageId })
      .lean<ReportRecipient>()
      .exec();
  }

  /** false when the org already has this address. */
  async insert(recipient: ReportRecipient): Promise<boolean> {
    try {
      await this.recipients.create(recipient);
      return true;
    } catch (error) {
      if ((error as { code?: unknown } | null)?.code === DUPLICATE_KEY) return false;
      throw error;
    }
  }

  update(
    orgId: string,
    id: string,
    changes: Partial<Pick<ReportRecipient, 'name' | 'status' | 'unsubscribedAt' | 'updatedAt'>>,
  ): Promise<ReportRecipient | null> {
    return this.recipients
      .findOneAndUpdate({ _id: id, orgId }, { $set: changes }, { returnDocument: 'after' })
      .lean<ReportRecipient>()
      .exec();
  }

  /** Unsubscribes once: null when there is no such recipient or it had already left. */
  unsubscribe(orgId: string, id: string, at: Date): Promise<ReportRecipient | null> {
    return this.recipients
      .findOneAndUpdate(
        { _id: id, orgId, status: 'subscribed' },
        { $set: { status: 'unsubscribed', unsubscribedAt: at, updatedAt: at } },
        { returnDocument: 'after' },
      )
      .lean<ReportRecipient>()
      .exec();
  }

  delete(orgId: string, id: string): Promise<ReportRecipient | null> {
    return this.recipients.findOneAndDelete({ _id: id, orgId }).lean<ReportRecipient>().exec();
  }
}
