import { Module } from '@nestjs/common';
import { MailConsentModule } from '../mail-consent/mail-consent.module';
import { RunsModule } from '../runs/runs.module';
import { TransactionalMailService } from './transactional-mail.service';

/** One-notice e-mails (alert, dunning) sent once per dedupe key through the run executor. */
@Module({
  imports: [RunsModule, MailConsentModule],
  providers: [TransactionalMailService],
  exports: [TransactionalMailService],
})
export class TransactionalMailModule {}
