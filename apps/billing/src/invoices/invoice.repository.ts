import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type Model, type QueryFilter, trusted } from 'mongoose';
import { ChargeRefund, type PaymentFailure, StoredInvoice } from './invoice.schema';

export type InvoiceState = Omit<StoredInvoice, 'failures'>;

const DUPLICATE_KEY = 11000;

/** The only place that touches stored invoices and refunds. */
@Injectable()
export class InvoiceRepository {
  constructor(
    @InjectModel(StoredInvoice.name) private readonly invoices: Model<StoredInvoice>,
    @InjectModel(ChargeRefund.name) private readonly refunds: Model<ChargeRefund>,
  ) {}

  find(id: string): Promise<StoredInvoice | null> {
    return this.invoices.findById(id).lean<StoredInvoice>().exec();
  }

  /**
   * Stores the invoice's state unless a newer one (by event time) is stored already; an equal
   * one is written again (a redelivery changes nothing). Returns what is stored afterwards.
   */
  async saveIfNewer(state: InvoiceState): Promise<StoredInvoice> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const updated = await this.invoices
        .findOneAndUpdate(
          { _id: state._id, asOf: trusted({ $lte: state.asOf }) },
          { $set: state },
          { returnDocument: 'after' },
        )
        .lean<StoredInvoice>()
        .exec();
      if (updated) return updated;
      const stored = await this.find(state._id);
      // A newer state is stored: it stays, and is the answer.
      if (stored) return stored;
      try {
        await this.invoices.create({ ...state, failures: [] });
        return { ...state, failures: [] };
      } catch (error) {
        // Created meanwhile by another event of the invoice: compare with that one.
        if ((error as { code?: unknown } | null)?.code !== DUPLICATE_KEY) throw error;
      }
    }
    throw new Error(`invoice ${state._id} keeps changing; retry`);
  }

  /** Records a failed attempt once per event. */
  async addFailure(invoiceId: string, failure: PaymentFailure): Promise<void> {
    await this.invoices
      .updateOne(
        { _id: invoiceId, 'failures.eventId': trusted({ $ne: failure.eventId }) },
        { $push: { failures: failure } },
      )
      .exec();
  }

  /** Newest first; `after` is the (created, id) of the last invoice of the previous page. */
  page(
    orgId: string,
    limit: number,
    after: { created: Date; id: string } | null,
  ): Promise<StoredInvoice[]> {
    const filter: QueryFilter<StoredInvoice> = after
      ? {
          orgId,
          $or: [
            { created: trusted({ $lt: after.created }) },
            { created: after.created, _id: trusted({ $lt: after.id }) },
          ],
        }
      : { orgId };
    return this.invoices
      .find(filter)
      .sort({ created: -1, _id: -1 })
      .limit(limit)
      .lean<StoredInvoice[]>()
      .exec();
  }

  paidBetween(from: Date, to: Date): Promise<StoredInvoice[]> {
    return this.invoices
      .find({ paidAt: trusted({ $gte: from, $lt: to }) })
      .lean<StoredInvoice[]>()
      .exec();
  }

  failedBetween(from: Date, to: Date): Promise<StoredInvoice[]> {
    return this.invoices
      .find({ 'failures.at': trusted({ $gte: from, $lt: to }) })
      .lean<StoredInvoice[]>()
      .exec();
  }

  /** Idempotent: the same event's refund total stored twice is one record. */
  async recordRefund(refund: ChargeRefund): Promise<void> {
    try {
      await this.refunds.create(refund);
    } catch (error) {
      if ((error as { code?: unknown } | null)?.code !== DUPLICATE_KEY) throw error;
    }
  }

  refundsBefore(to: Date): Promise<ChargeRefund[]> {
    return this.refunds
      .find({ at: trusted({ $lt: to }) })
      .lean<ChargeRefund[]>()
      .exec();
  }
}
