import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { type ForecastDto, ForecastMessage, TELEMETRY_FORECAST_PATTERN } from '@vantage/contracts';
import { MessageOrg } from '@vantage/service-runtime';
import { ForecastService } from './forecast.service';

/** Series forecasts over the transport. */
@Controller()
export class ForecastsHandler {
  constructor(private readonly forecasts: ForecastService) {}

  @MessagePattern(TELEMETRY_FORECAST_PATTERN)
  forecast(@MessageOrg() orgId: string, @Payload() query: ForecastMessage): Promise<ForecastDto> {
    return this.forecasts.forecast(orgId, query);
  }
}
