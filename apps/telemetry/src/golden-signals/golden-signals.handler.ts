import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { GOLDEN_SIGNALS_REPORTED_EVENT, GoldenSignalsReportedEvent } from '@vantage/contracts';
import { currentContext, type Logger } from '@vantage/observability';
import { SERVICE_LOGGER } from '@vantage/service-runtime';
import { alignDown } from '../series/bucket-aggregation';
import { GoldenSignalReportsRepository } from './golden-signal-reports.repository';

const MINUTE_MS = 60_000;

/**
 * Stages every service's golden-signals report, which GoldenSignalsFoldJob then stores a minute
 * at a time as series of the system organisation (TELEMETRY_SYSTEM_ORG_ID). One replica of
 * telemetry handles each report, with one insert whatever the points hold; the message id is
 * the batch id, so a report delivered twice is staged (and stored) once.
 */
@Controller()
export class GoldenSignalsHandler {
  constructor(
    private readonly reports: GoldenSignalReportsRepository,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {}

  @EventPattern(GOLDEN_SIGNALS_REPORTED_EVENT)
  async reported(@Payload() report: GoldenSignalsReportedEvent): Promise<void> {
    // The transport sets the message id in the context of every message it hands over.
    const batchId = currentContext()?.messageId ?? `${report.instanceId}@${report.periodEnd}`;
    const minute = alignDown(Date.parse(report.periodEnd), MINUTE_MS);
    await this.reports.stage(batchId, minute, report);
    this.logger.debug(
      { service: report.service, instance: report.instanceId },
      'golden signals staged',
    );
  }
}
