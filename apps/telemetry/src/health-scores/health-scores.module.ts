import { Module } from '@nestjs/common';
import { SeriesModule } from '../series/series.module';
import { HealthScoresHandler } from './health-scores.handler';
import { HealthScoresService } from './health-scores.service';

/** Health scores (0-100, A+ to F) of services from their golden signals. */
@Module({
  imports: [SeriesModule],
  controllers: [HealthScoresHandler],
  providers: [HealthScoresService],
  exports: [HealthScoresService],
})
export class HealthScoresModule {}
