import { Module } from '@nestjs/common';
import { SeriesModule } from '../series/series.module';
import { QualityHandler } from './quality.handler';
import { QualityService } from './quality.service';

/** Data quality per series; exports QualityService for what must not alarm on bad data. */
@Module({
  imports: [SeriesModule],
  controllers: [QualityHandler],
  providers: [QualityService],
  exports: [QualityService],
})
export class QualityModule {}
