import { Module } from '@nestjs/common';
import { TransactionalMailModule } from '../transactional-mail/transactional-mail.module';
import { DunningMailHandler } from './dunning-mail.handler';
import { DunningMailService } from './dunning-mail.service';

/** Dunning e-mails requested by billing. */
@Module({
  imports: [TransactionalMailModule],
  controllers: [DunningMailHandler],
  providers: [DunningMailService],
})
export class DunningMailModule {}
