import { Module } from '@nestjs/common';
import { IdentityModule } from '../../identity/identity.module';
import { MemberAddresses } from '../../identity/member-addresses';
import { RoutingModule } from '../../routing/routing.module';
import { MailConfirmationController } from './mail-confirmation.controller';
import { MailConsentClient } from './mail-consent.client';

/** The confirmation link of double opt-in, and registering the addresses an org mails. */
@Module({
  imports: [RoutingModule, IdentityModule],
  controllers: [MailConfirmationController],
  providers: [MemberAddresses, MailConsentClient],
  exports: [MailConsentClient],
})
export class MailApiModule {}
