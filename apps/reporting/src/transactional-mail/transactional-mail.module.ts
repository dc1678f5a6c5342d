import { Module } from '@nestjs/common';
import { RunsModule } from '../runs/runs.module';
import { TransactionalMailService } from './transactional-mail.service';

/** One-notice e-mails (alert, dunning) sent once per dedupe key through the run executor. */
@Module({
  imports: [RunsModule],
  providers: [TransactionalMailService],
  exports: [TransactionalMailService],
})
export class TransactionalMailModule {}
