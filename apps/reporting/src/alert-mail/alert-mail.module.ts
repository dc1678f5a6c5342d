import { Module } from '@nestjs/common';
import { RunsModule } from '../runs/runs.module';
import { AlertMailHandler } from './alert-mail.handler';
import { AlertMailService } from './alert-mail.service';

/** Alert e-mails requested by the traffic monitor. */
@Module({
  imports: [RunsModule],
  controllers: [AlertMailHandler],
  providers: [AlertMailService],
})
export class AlertMailModule {}
