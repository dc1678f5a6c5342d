import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { PLANS, type Plan } from '@vantage/contracts';
import { API_KEY_SCOPES, type ApiKeyScope, ROLES, type Role } from '../auth/principal';

/**
 * The gateway owns identity: organisations, people, memberships, credentials and the audit log,
 * in its own database. Ids are strings chosen by us (`org_...`) so they can appear in URLs.
 */

@Schema({ collection: 'organizations', versionKey: false })
export class Organization {
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ required: true })
  name!: string;

  @Prop({ type: String, enum: PLANS, default: 'free' })
  plan!: Plan;

  /** When billing last changed the plan: an older plan change arriving late is ignored. */
  @Prop({ type: Date, default: () => new Date(0) })
  planChangedAt!: Date;

  @Prop({ default: 'UTC' })
  timezone!: string;

  @Prop({ type: Date, required: true })
  createdAt!: Date;
}
export const OrganizationSchema = SchemaFactory.createForClass(Organization);

@Schema({ collection: 'users', versionKey: false })
export class User {
  @Prop({ type: String, required: true })
  _id!: string;

  /** Lower-cased; unique. */
  @Prop({ required: true, unique: true })
  email!: string;

  @Prop({ required: true })
  name!: string;

  @Prop({ required: true })
  passwordHash!: string;

  /**
   * When the owner of the address proved it (verification link, password reset, accepted
   * invitation); null until then, and such an account cannot sign in. Absent on accounts made
   * before verification existed, which count as verified.
   */
  @Prop({ type: Date })
  emailVerifiedAt?: Date | null;

  @Prop({ type: Date, required: true })
  createdAt!: Date;
}
export const UserSchema = SchemaFactory.createForClass(User);

@Schema({ collection: 'memberships', versionKey: false })
export class Membership {
  @Prop({ type: String, required: true })
  _id!: string;

  // No index of its own: { orgId, userId } below serves `{orgId}` too.
  @Prop({ required: true })
  orgId!: string;

  @Prop({ required: true, index: true })
  userId!: string;

  @Prop({ type: String, enum: ROLES, required: true })
  role!: Role;

  @Prop({ type: Date, required: true })
  createdAt!: Date;
}
export const MembershipSchema = SchemaFactory.createForClass(Membership);
MembershipSchema.index({ orgId: 1, userId: 1 }, { unique: true });

/**
 * One refresh token of a login session. A rotation spends the token and issues the next of the
 * same family; presenting a spent token again revokes the whole family (it was stolen).
 */
@Schema({ collection: 'refresh_tokens', versionKey: false })
export class RefreshToken {
  @Prop({ type: String, required: true })
  _id!: string;

  /** sha256 of the secret part; the token itself is never stored. */
  @Prop({ required: true, unique: true })
  tokenHash!: string;

  @Prop({ required: true, index: true })
  familyId!: string;

  @Prop({ required: true })
  userId!: string;

  @Prop({ required: true })
  orgId!: string;

  @Prop({ type: Date, required: true })
  expiresAt!: Date;

  /**
   * When the family's login happened: no token of the family is valid past
   * JWT_REFRESH_FAMILY_MAX_AGE_SECONDS from it, however often it was rotated. Absent on tokens
   * issued before it existed (their own createdAt stands in).
   */
  @Prop({ type: Date })
  familyStartedAt?: Date;

  @Prop({ type: Date, default: null })
  spentAt!: Date | null;

  @Prop({ type: Date, default: null })
  revokedAt!: Date | null;

  @Prop({ type: Date, required: true })
  createdAt!: Date;
}
export const RefreshTokenSchema = SchemaFactory.createForClass(RefreshToken);
// Revoking every session of a user (in one org or all): revokeAllOf / revokeAllOfUser.
RefreshTokenSchema.index({ userId: 1, orgId: 1 });

@Schema({ collection: 'api_keys', versionKey: false })
export class ApiKey {
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ required: true, index: true })
  orgId!: string;

  @Prop({ required: true })
  name!: string;

  /** sha256 of the whole key: keys are long random strings, a slow hash adds nothing. */
  @Prop({ required: true, unique: true })
  keyHash!: string;

  /** The first characters after the prefix, so people can tell their keys apart. */
  @Prop({ required: true })
  hint!: string;

  @Prop({ type: [String], enum: API_KEY_SCOPES, required: true })
  scopes!: ApiKeyScope[];

  @Prop({ required: true })
  createdBy!: string;

  @Prop({ type: Date, required: true })
  createdAt!: Date;

  @Prop({ type: Date, default: null })
  lastUsedAt!: Date | null;

  @Prop({ type: Date, default: null })
  revokedAt!: Date | null;
}
export const ApiKeySchema = SchemaFactory.createForClass(ApiKey);

@Schema({ collection: 'invites', versionKey: false })
export class Invite {
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ required: true, index: true })
  orgId!: string;

  @Prop({ required: true })
  email!: string;

  @Prop({ type: String, enum: ROLES, required: true })
  role!: Role;

  @Prop({ required: true })
  invitedBy!: string;

  @Prop({ type: Date, required: true })
  expiresAt!: Date;

  @Prop({ type: Date, default: null })
  acceptedAt!: Date | null;

  @Prop({ type: Date, default: null })
  revokedAt!: Date | null;

  @Prop({ type: Date, required: true })
  createdAt!: Date;
}
export const InviteSchema = SchemaFactory.createForClass(Invite);

/**
 * A single-use secret mailed to a person: an e-mail verification or a password reset. Its id is
 * the sha256 of the secret, so the secret is never stored and the lookup is by `_id` alone.
 */
@Schema({ collection: 'account_tokens', versionKey: false })
export class AccountToken {
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: String, enum: ['verify-email', 'password-reset'], required: true })
  purpose!: 'verify-email' | 'password-reset';

  @Prop({ required: true })
  userId!: string;

  @Prop({ type: Date, required: true })
  expiresAt!: Date;

  @Prop({ type: Date, default: null })
  usedAt!: Date | null;

  @Prop({ type: Date, required: true })
  createdAt!: Date;
}
export const AccountTokenSchema = SchemaFactory.createForClass(AccountToken);
