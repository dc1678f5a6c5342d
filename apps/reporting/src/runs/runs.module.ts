import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { MailQuotaModule } from '../mail-quota/mail-quota.module';
import { MailerModule } from '../mailer/mailer.module';
import { MailMetrics } from './mail.metrics';
import { RunExecutor } from './run-executor';
import { RunLocks } from './run-lock';
import { RunRegistry } from './run-registry';
import { RunResumer } from './run-resumer';
import { RunRepository } from './run.repository';
import { MailDelivery, MailDeliverySchema, MailRun, MailRunSchema } from './run.schema';
import { RunsHandler } from './runs.handler';
import { RunsService } from './runs.service';

/** Run records and their executor: how every e-mail job is sent once and resumed. */
@Module({
  imports: [
    MailerModule,
    MailQuotaModule,
    MongooseModule.forFeature([
      { name: MailRun.name, schema: MailRunSchema },
      { name: MailDelivery.name, schema: MailDeliverySchema },
    ]),
  ],
  controllers: [RunsHandler],
  providers: [
    RunRepository,
    RunLocks,
    RunExecutor,
    RunRegistry,
    RunResumer,
    RunsService,
    MailMetrics,
  ],
  exports: [RunExecutor, RunRegistry, RunRepository, RunResumer],
})
export class RunsModule {}
