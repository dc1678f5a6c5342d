import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** A formula saved by an organisation. `nameKey` (the trimmed, lower-cased name) is unique per org. */
@Schema({ collection: 'saved_formulas', versionKey: false })
export class SavedFormula {
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: String, required: true })
  orgId!: string;

  @Prop({ type: String, required: true })
  name!: string;

  @Prop({ type: String, required: true })
  nameKey!: string;

  @Prop({ type: String, default: '' })
  description!: string;

  @Prop({ type: String, required: true })
  expression!: string;

  /** User or API key id from the envelope of the create message. */
  @Prop({ type: String, required: true })
  createdBy!: string;

  @Prop({ type: String, required: true })
  updatedBy!: string;

  /** Message that created it: a redelivered create answers this formula instead of a 409. */
  @Prop({ type: String })
  createdByMessage?: string;

  @Prop({ type: Date, required: true })
  createdAt!: Date;

  @Prop({ type: Date, required: true })
  updatedAt!: Date;
}

export const SavedFormulaSchema = SchemaFactory.createForClass(SavedFormula);
SavedFormulaSchema.index({ orgId: 1, nameKey: 1 }, { unique: true });
SavedFormulaSchema.index({ orgId: 1, updatedAt: -1 });
