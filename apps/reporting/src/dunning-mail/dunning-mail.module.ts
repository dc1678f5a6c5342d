import { Module } from '@nestjs/common';
import { RunsModule } from '../runs/runs.module';
import { DunningMailHandler } from './dunning-mail.handler';
import { DunningMailService } from './dunning-mail.service';

/** Dunning e-mails requested by billing. */
@Module({
  imports: [RunsModule],
  controllers: [DunningMailHandler],
  providers: [DunningMailService],
})
export class DunningMailModule {}
