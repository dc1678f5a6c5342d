import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { MailQuotaModule } from '../mail-quota/mail-quota.module';
import { MailerModule } from '../mailer/mailer.module';
import { MailConsentHandler } from './mail-consent.handler';
import { MailConsentRepository } from './mail-consent.repository';
import { MailConsent, MailConsentSchema } from './mail-consent.schema';
import { MailConsentService } from './mail-consent.service';

/** Double opt-in and opt-out of the addresses each org mails. */
@Module({
  imports: [
    MailerModule,
    MailQuotaModule,
    MongooseModule.forFeature([{ name: MailConsent.name, schema: MailConsentSchema }]),
  ],
  controllers: [MailConsentHandler],
  providers: [MailConsentRepository, MailConsentService],
  exports: [MailConsentService],
})
export class MailConsentModule {}
