import { Module } from '@nestjs/common';
import { SeriesModule } from '../series/series.module';
import { GoldenSignalsHandler } from './golden-signals.handler';

/** Consumes `telemetry.golden-signals.reported` from every service into series. */
@Module({
  imports: [SeriesModule],
  controllers: [GoldenSignalsHandler],
})
export class GoldenSignalsModule {}
