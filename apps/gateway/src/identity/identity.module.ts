import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import {
  AccountToken,
  AccountTokenSchema,
  ApiKey,
  ApiKeySchema,
  Invite,
  InviteSchema,
  Membership,
  MembershipSchema,
  Organization,
  OrganizationSchema,
  RefreshToken,
  RefreshTokenSchema,
  User,
  UserSchema,
} from './identity.schemas';
import { MembershipDirectory } from './membership-directory';

const models = MongooseModule.forFeature([
  { name: Organization.name, schema: OrganizationSchema },
  { name: User.name, schema: UserSchema },
  { name: Membership.name, schema: MembershipSchema },
  { name: RefreshToken.name, schema: RefreshTokenSchema },
  { name: ApiKey.name, schema: ApiKeySchema },
  { name: Invite.name, schema: InviteSchema },
  { name: AccountToken.name, schema: AccountTokenSchema },
]);

/** The identity models and the cached membership lookups every auth path shares. */
@Module({
  imports: [models],
  providers: [MembershipDirectory],
  exports: [models, MembershipDirectory],
})
export class IdentityModule {}
