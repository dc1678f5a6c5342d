import { Module } from '@nestjs/common';
import { RoutingModule } from '../../routing/routing.module';
import { ForecastAnomalyController } from './forecast-anomaly.controller';
import { SloHealthController } from './slo-health.controller';
import { TelemetryController } from './telemetry.controller';

/** The telemetry service's public API, forwarded through ServiceRouter. */
@Module({
  imports: [RoutingModule],
  controllers: [TelemetryController, SloHealthController, ForecastAnomalyController],
})
export class TelemetryApiModule {}
