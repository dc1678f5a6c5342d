import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ForecastsModule } from '../forecasts/forecasts.module';
import { QualityModule } from '../quality/quality.module';
import { SeriesModule } from '../series/series.module';
import { AnomaliesHandler } from './anomalies.handler';
import { AnomaliesService } from './anomalies.service';
import { AnomalyAnnouncer } from './anomaly-announcer';
import { AnomalyRepository } from './anomaly.repository';
import { Anomaly, AnomalySchema } from './anomaly.schema';
import { AnomalyScanJob } from './anomaly-scan.job';
import { AnomalyScanner } from './anomaly-scanner';
import { DetectorStateRepository } from './detector-state.repository';
import { DetectorRecord, DetectorRecordSchema } from './detector-state.schema';

/** Streaming anomaly detection on series (a periodic scan), stored anomalies and their API. */
@Module({
  imports: [
    SeriesModule,
    QualityModule,
    ForecastsModule,
    MongooseModule.forFeature([
      { name: Anomaly.name, schema: AnomalySchema },
      { name: DetectorRecord.name, schema: DetectorRecordSchema },
    ]),
  ],
  controllers: [AnomaliesHandler],
  providers: [
    AnomalyRepository,
    DetectorStateRepository,
    AnomalyAnnouncer,
    AnomalyScanner,
    AnomalyScanJob,
    AnomaliesService,
  ],
})
export class AnomaliesModule {}
