import { Module } from '@nestjs/common';
import { TrafficSeriesFeed } from './traffic-series-feed';

/** Flushed traffic series announced to telemetry's series catalogue (used by the flusher). */
@Module({
  providers: [TrafficSeriesFeed],
  exports: [TrafficSeriesFeed],
})
export class SeriesFeedModule {}
