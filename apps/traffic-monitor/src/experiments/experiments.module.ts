import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { BucketsModule } from '../buckets/buckets.module';
import { EventIdsModule } from '../event-ids/event-ids.module';
import { Experiment, ExperimentSchema } from './experiment.schema';
import { ExperimentRepository } from './experiment.repository';
import { ExperimentsHandler } from './experiments.handler';
import { ExperimentsService } from './experiments.service';

/** Experiments per organisation and their health (traffic split, SRM, CTR, errors). */
@Module({
  imports: [
    MongooseModule.forFeature([{ name: Experiment.name, schema: ExperimentSchema }]),
    BucketsModule,
    EventIdsModule,
  ],
  controllers: [ExperimentsHandler],
  providers: [ExperimentRepository, ExperimentsService],
})
export class ExperimentsModule {}
