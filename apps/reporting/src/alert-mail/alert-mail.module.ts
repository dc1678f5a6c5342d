import { Module } from '@nestjs/common';
import { TransactionalMailModule } from '../transactional-mail/transactional-mail.module';
import { AlertMailHandler } from './alert-mail.handler';
import { AlertMailService } from './alert-mail.service';

/** Alert e-mails requested by the traffic monitor. */
@Module({
  imports: [TransactionalMailModule],
  controllers: [AlertMailHandler],
  providers: [AlertMailService],
})
export class AlertMailModule {}
