import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { Plan } from '@vantage/contracts';

/** The plan of an org as billing last announced it; an org never announced is on `free`. */
@Schema({ collection: 'org_plans', versionKey: false })
export class OrgPlan {
  /** The org id. */
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: String, required: true })
  plan!: Plan;

  /** Orders billing's announcements: an older one arriving late changes nothing. */
  @Prop({ type: Date, required: true })
  changedAt!: Date;
}

export const OrgPlanSchema = SchemaFactory.createForClass(OrgPlan);
