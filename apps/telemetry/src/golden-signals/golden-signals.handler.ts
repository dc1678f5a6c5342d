import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { GOLDEN_SIGNALS_REPORTED_EVENT, GoldenSignalsReportedEvent } from '@vantage/contracts';
import { currentContext, type Logger } from '@vantage/observability';
import { SERVICE_LOGGER } from '@vantage/service-runtime';
import { TelemetryConfig } from '../config/telemetry.config';
import { SampleWriter } from '../series/sample-writer';
import { goldenSignalSamples } from './golden-signal-samples';

/**
 * Stores every service's golden-signals report as series of the system organisation
 * (TELEMETRY_SYSTEM_ORG_ID). One replica of telemetry handles each report; the message id is
 * the batch id, so a report delivered twice is stored once.
 */
@Controller()
export class GoldenSignalsHandler {
  constructor(
    private readonly writer: SampleWriter,
    private readonly config: TelemetryConfig,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {}

  @EventPattern(GOLDEN_SIGNALS_REPORTED_EVENT)
  async reported(@Payload() report: GoldenSignalsReportedEvent): Promise<void> {
    const batch = goldenSignalSamples(report);
    // The transport sets the message id in the context of every message it hands over.
    const batchId = currentContext()?.messageId ?? `${report.instanceId}@${report.periodEnd}`;
    await this.writer.write(this.config.TELEMETRY_SYSTEM_ORG_ID, batchId, batch);
    this.logger.debug(
      { service: report.service, instance: report.instanceId, series: batch.length },
      'golden signals stored',
    );
  }
}
