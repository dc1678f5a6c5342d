import { Module } from '@nestjs/common';
import { TelemetryRedisCloser, telemetryRedisProvider } from '../samples/telemetry-redis';
import { SeriesModule } from '../series/series.module';
import { ForecastCache } from './forecast-cache';
import { ForecastService } from './forecast.service';
import { ForecastsHandler } from './forecasts.handler';
import { SeriesProfiles } from './series-profile';

/** Forecasts of series (cached in Redis); exports SeriesProfiles (a series' natural step). */
@Module({
  imports: [SeriesModule],
  controllers: [ForecastsHandler],
  providers: [
    telemetryRedisProvider,
    TelemetryRedisCloser,
    ForecastCache,
    ForecastService,
    SeriesProfiles,
  ],
  exports: [SeriesProfiles],
})
export class ForecastsModule {}
