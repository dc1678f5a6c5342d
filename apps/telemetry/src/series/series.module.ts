import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { PointsRepository } from './points.repository';
import { POINTS_COLLECTION, POINTS_MODEL, PointsBucketSchema } from './points.schema';
import { PointsRetentionJob } from './points-retention.job';
import { SampleWriter } from './sample-writer';
import { SeriesCatalogue } from './series-catalogue';
import { SeriesEntry, SeriesEntrySchema } from './series.schema';
import { SeriesIndexRepository } from './series-index.repository';
import {
  SeriesIndexDoc,
  SeriesIndexSchema,
  SeriesOrgsDoc,
  SeriesOrgsSchema,
} from './series-index.schema';
import { SeriesHandler } from './series.handler';
import { SeriesRepository } from './series.repository';
import { SeriesReader } from './series-reader';
import { SeriesService } from './series.service';
import { TrafficSeriesClient } from './traffic-series.client';
import { TrafficSeriesCatalogue } from './traffic-series-catalogue';
import { TrafficSeriesCatalogueRepository } from './traffic-series-catalogue.repository';
import {
  TrafficSeriesCatalogueEntry,
  TrafficSeriesCatalogueEntrySchema,
} from './traffic-series-catalogue.schema';
import { TrafficSeriesFeedHandler } from './traffic-series-feed.handler';

/**
 * Series storage: the catalogue (and the traffic series one, kept from the traffic monitor's
 * flushes), minute buckets and hourly rollups, their retention, and the
 * series API. Other modules import it and inject SampleWriter (write) or SeriesReader (read);
 * quality uses the catalogue and repository directly.
 */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: SeriesEntry.name, schema: SeriesEntrySchema },
      { name: SeriesIndexDoc.name, schema: SeriesIndexSchema },
      { name: SeriesOrgsDoc.name, schema: SeriesOrgsSchema },
      { name: TrafficSeriesCatalogueEntry.name, schema: TrafficSeriesCatalogueEntrySchema },
      ...(['minute', 'hour'] as const).map((resolution) => ({
        name: POINTS_MODEL[resolution],
        schema: PointsBucketSchema,
        collection: POINTS_COLLECTION[resolution],
      })),
    ]),
  ],
  controllers: [SeriesHandler, TrafficSeriesFeedHandler],
  providers: [
    SeriesRepository,
    SeriesIndexRepository,
    PointsRepository,
    SeriesCatalogue,
    SampleWriter,
    SeriesReader,
    SeriesService,
    TrafficSeriesClient,
    TrafficSeriesCatalogue,
    TrafficSeriesCatalogueRepository,
    PointsRetentionJob,
  ],
  exports: [
    SeriesCatalogue,
    SeriesRepository,
    PointsRepository,
    SampleWriter,
    SeriesReader,
    PointsRetentionJob,
  ],
})
export class SeriesModule {}
