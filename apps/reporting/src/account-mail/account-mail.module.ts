import { Module } from '@nestjs/common';
import { MailerModule } from '../mailer/mailer.module';
import { AccountMailHandler } from './account-mail.handler';
import { AccountMailService } from './account-mail.service';

/** E-mails to a person about their own account, requested by the gateway. */
@Module({
  imports: [MailerModule],
  controllers: [AccountMailHandler],
  providers: [AccountMailService],
})
export class AccountMailModule {}
