import { Module } from '@nestjs/common';
import { ServiceEmitterModule } from '../messaging/service-emitter.module';
import { TrafficSeriesFeed } from './traffic-series-feed';

/** Flushed traffic series announced to telemetry's series catalogue (used by the flusher). */
@Module({
  imports: [ServiceEmitterModule],
  providers: [TrafficSeriesFeed],
  exports: [TrafficSeriesFeed],
})
export class SeriesFeedModule {}
