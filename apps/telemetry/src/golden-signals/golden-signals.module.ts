import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { SeriesModule } from '../series/series.module';
import { GoldenSignalReportsRepository } from './golden-signal-reports.repository';
import {
  STAGED_GOLDEN_SIGNALS_COLLECTION,
  StagedGoldenSignals,
  StagedGoldenSignalsSchema,
} from './golden-signal-reports.schema';
import { GoldenSignalsFoldJob } from './golden-signals-fold.job';
import { GoldenSignalsHandler } from './golden-signals.handler';

/**
 * Consumes `telemetry.golden-signals.reported` from every service: stages each report, and
 * folds each minute's reports into series (GoldenSignalsFoldJob).
 */
@Module({
  imports: [
    SeriesModule,
    MongooseModule.forFeature([
      {
        name: StagedGoldenSignals.name,
        schema: StagedGoldenSignalsSchema,
        collection: STAGED_GOLDEN_SIGNALS_COLLECTION,
      },
    ]),
  ],
  controllers: [GoldenSignalsHandler],
  providers: [GoldenSignalReportsRepository, GoldenSignalsFoldJob],
  exports: [GoldenSignalsFoldJob],
})
export class GoldenSignalsModule {}
