import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

export const AUDIT_ACTIONS = [
  'auth.registered',
  'auth.login.succeeded',
  'auth.login.failed',
  'auth.refresh.reuse_detected',
  'auth.logout',
  'auth.email_verified',
  'auth.password_changed',
  'auth.password_reset',
  'api_key.created',
  'api_key.revoked',
  'member.invited',
  'member.invite_revoked',
  'member.joined',
  'member.role_changed',
  'member.removed',
  'org.settings_changed',
  'dashboard.config_changed',
  'dashboard.config_rolled_back',
  'rad_set.created',
  'rad_set.updated',
  'rad_set.deleted',
  'alert_rule.created',
  'alert_rule.updated',
  'alert_rule.deleted',
  'alert.acknowledged',
  'billing.checkout_started',
  'billing.portal_opened',
  'billing.subscription_canceled',
  'billing.subscription_resumed',
  'billing.plan_changed',
  'report.preview_link_created',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * One security-relevant event. Ids sort by time (`aud_<ms base36><random>`), so the newest-first
 * listing pages by id with a plain range query.
 */
@Schema({ collection: 'audit_events', versionKey: false })
export class AuditEvent {
  @Prop({ type: String, required: true })
  _id!: string;

  /** Null for events that belong to no org, e.g. a failed login for an unknown e-mail. */
  @Prop({ type: String, default: null })
  orgId!: string | null;

  @Prop({ type: String, enum: AUDIT_ACTIONS, required: true })
  action!: AuditAction;

  @Prop({ type: String, enum: ['success', 'failure'], required: true })
  outcome!: 'success' | 'failure';

  /** Who acted: `user`, `api-key`, `service` or `anonymous`, and their id when known. */
  @Prop({ required: true })
  actorKind!: string;

  @Prop({ type: String, default: null })
  actorId!: string | null;

  /** What was acted on, e.g. the key id or the member's user id. */
  @Prop({ type: String, default: null })
  targetId!: string | null;

  @Prop({ type: String, default: null })
  ip!: string | null;

  @Prop({ type: String, default: null })
  requestId!: string | null;

  @Prop({ type: Object, default: {} })
  details!: Record<string, unknown>;

  @Prop({ type: Date, required: true })
  at!: Date;
}
export const AuditEventSchema = SchemaFactory.createForClass(AuditEvent);
// An org's log, newest first (walked backwards), and the shard key's index (docs/mongodb-sharding.md).
AuditEventSchema.index({ orgId: 1, _id: 1 });
