import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * `member`: an address of a member of the org (the gateway said so), mailed without asking.
 * `pending`: anyone else until they follow the link of their confirmation mail; `confirmed` then.
 */
export type ConsentState = 'member' | 'pending' | 'confirmed';

/** Whether an org may mail an address. `_id` is derived from org and address (consentId). */
@Schema({ collection: 'mail_consents', versionKey: false })
export class MailConsent {
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: String, required: true })
  orgId!: string;

  @Prop({ type: String, required: true })
  email!: string;

  @Prop({ type: String, required: true })
  state!: ConsentState;

  /** SHA-256 of the secret of the confirmation link; cleared once used (single use). */
  @Prop({ type: String, default: null })
  tokenHash!: string | null;

  /** Set while the one confirmation mail is being sent or once it was: never sent twice. */
  @Prop({ type: Date, default: null })
  confirmationSentAt!: Date | null;

  @Prop({ type: Date, default: null })
  confirmedAt!: Date | null;

  /** The address left the org's mail by an unsubscribe link: nothing more goes to it. */
  @Prop({ type: Date, default: null })
  optedOutAt!: Date | null;

  @Prop({ type: Date, required: true })
  createdAt!: Date;

  @Prop({ type: Date, required: true })
  updatedAt!: Date;
}

export const MailConsentSchema = SchemaFactory.createForClass(MailConsent);
