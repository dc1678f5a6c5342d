import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { MailConsentModule } from '../mail-consent/mail-consent.module';
import { MailQuotaModule } from '../mail-quota/mail-quota.module';
import { ScheduleModule } from '../schedule/schedule.module';
import { ReportRecipient, ReportRecipientSchema } from './recipient.schema';
import { RecipientRepository } from './recipient.repository';
import { RecipientsHandler } from './recipients.handler';
import { RecipientsService } from './recipients.service';

/** The weekly report's recipients per organisation, and unsubscribing by signed link. */
@Module({
  imports: [
    ScheduleModule,
    MailConsentModule,
    MailQuotaModule,
    MongooseModule.forFeature([{ name: ReportRecipient.name, schema: ReportRecipientSchema }]),
  ],
  controllers: [RecipientsHandler],
  providers: [RecipientRepository, RecipientsService],
  exports: [RecipientsService],
})
export class RecipientsModule {}
