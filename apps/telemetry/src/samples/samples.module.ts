import { Module } from '@nestjs/common';
import { SeriesModule } from '../series/series.module';
import { BatchIdempotencyStore } from './batch-idempotency.store';
import { SamplesHandler } from './samples.handler';
import { SamplesMetrics } from './samples.metrics';
import { SamplesService } from './samples.service';
import { TelemetryRedisCloser, telemetryRedisProvider } from './telemetry-redis';

/** Client sample ingest (POST /api/v1/telemetry/samples through the gateway). */
@Module({
  imports: [SeriesModule],
  controllers: [SamplesHandler],
  providers: [
    telemetryRedisProvider,
    TelemetryRedisCloser,
    BatchIdempotencyStore,
    SamplesService,
    SamplesMetrics,
  ],
})
export class SamplesModule {}
