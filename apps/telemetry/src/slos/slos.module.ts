import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { SeriesModule } from '../series/series.module';
import { SloBurnRateJob } from './slo-burn-rate.job';
import { SloRepository } from './slo.repository';
import { Slo, SloSchema } from './slo.schema';
import { SloStatusService } from './slo-status.service';
import { SlosHandler } from './slos.handler';
import { SlosService } from './slos.service';

/** SLO definitions, their status from series, and the burn-rate alert job. */
@Module({
  imports: [SeriesModule, MongooseModule.forFeature([{ name: Slo.name, schema: SloSchema }])],
  controllers: [SlosHandler],
  providers: [SloRepository, SlosService, SloStatusService, SloBurnRateJob],
  exports: [SloStatusService, SloRepository],
})
export class SlosModule {}
