import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { type ConsentState, MailConsent } from './mail-consent.schema';

const DUPLICATE_KEY = 11000;

/**
 * The only place that touches the consents. Every read and write is by `_id`; the conditions
 * that make a change happen once (a token still unused, a mail not yet sent) are in the filter
 * beside it, so two replicas cannot both win.
 */
@Injectable()
export class MailConsentRepository {
  constructor(@InjectModel(MailConsent.name) private readonly consents: Model<MailConsent>) {}

  findById(id: string): Promise<MailConsent | null> {
    return this.consents.findById(id).lean<MailConsent>().exec();
  }

  /** Inserts it unless it exists; answers the stored one either way. */
  async createIfAbsent(consent: MailConsent): Promise<MailConsent> {
    try {
      await this.consents.create(consent);
      return consent;
    } catch (error) {
      if ((error as { code?: unknown } | null)?.code !== DUPLICATE_KEY) throw error;
      const existing = await this.findById(consent._id);
      if (!existing) throw error;
      return existing;
    }
  }

  async setState(id: string, state: ConsentState, now: Date): Promise<void> {
    await this.consents.updateOne({ _id: id }, { $set: { state, updatedAt: now } }).exec();
  }

  /** Takes the right to send the one confirmation mail: false when someone already has. */
  async claimConfirmation(id: string, tokenHash: string, now: Date): Promise<boolean> {
    const result = await this.consents
      .updateOne(
        { _id: id, confirmationSentAt: null },
        { $set: { confirmationSentAt: now, tokenHash, updatedAt: now } },
      )
      .exec();
    return result.modifiedCount === 1;
  }

  /** Gives the claim back (the mail could not go out): a later mail path tries again. */
  async releaseConfirmation(id: string, tokenHash: string): Promise<void> {
    await this.consents
      .updateOne(
        { _id: id, tokenHash },
        { $set: { confirmationSentAt: null, tokenHash: null, updatedAt: new Date() } },
      )
      .exec();
  }

  /** Uses the token: false when it was used (or replaced) meanwhile. */
  async confirm(id: string, tokenHash: string, now: Date): Promise<boolean> {
    const result = await this.consents
      .updateOne(
        { _id: id, tokenHash },
        { $set: { state: 'confirmed', tokenHash: null, confirmedAt: now, updatedAt: now } },
      )
      .exec();
    return result.modifiedCount === 1;
  }

  /** null when the address had already left. */
  async optOut(id: string, now: Date): Promise<MailConsent | null> {
    return this.consents
      .findOneAndUpdate(
        { _id: id, optedOutAt: null },
        { $set: { optedOutAt: now, updatedAt: now } },
        { returnDocument: 'after' },
      )
      .lean<MailConsent>()
      .exec();
  }
}
