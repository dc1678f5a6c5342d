import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { type Logger } from '@vantage/observability';
import { JobScheduler, SERVICE_LOGGER } from '@vantage/service-runtime';
import { TelemetryConfig } from '../config/telemetry.config';
import { SeriesRepository } from '../series/series.repository';
import { AnomalyScanner } from './anomaly-scanner';

const PAGE_SIZE = 200;
/** Series without a sample this recent are not streaming: they are not scanned. */
const ACTIVE_WITHIN_MS = 2 * 86_400_000;

export interface ScanReport {
  /** Series with new points scored. */
  readonly series: number;
  readonly observed: number;
  readonly anomalies: number;
}

/**
 * Every ANOMALY_SCAN_INTERVAL_MS, once across replicas, scores the new points of every series
 * with a recent sample. A periodic scan rather than a hook in the write path: the writer stays
 * as fast as it is, points are scored once their step is complete (not per sample), and one
 * replica owns every detector, so no two replicas update one detector's state at once.
 */
@Injectable()
export class AnomalyScanJob implements OnModuleInit {
  constructor(
    private readonly catalogue: SeriesRepository,
    private readonly scanner: AnomalyScanner,
    private readonly scheduler: JobScheduler,
    private readonly config: TelemetryConfig,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    if (this.config.ANOMALY_SCAN_INTERVAL_MS === 0) return;
    this.scheduler.schedule('anomaly-scan', this.config.ANOMALY_SCAN_INTERVAL_MS, async () => {
      await this.scanAll();
    });
  }

  async scanAll(now = Date.now()): Promise<ScanReport> {
    let series = 0;
    let observed = 0;
    let anomalies = 0;
    let afterId: string | null = null;
    for (;;) {
      const page = await this.catalogue.activeAcrossOrgsSince(
        now - ACTIVE_WITHIN_MS,
        afterId,
        PAGE_SIZE,
      );
      for (const entry of page) {
        try {
          const scan = await this.scanner.scan(entry, now);
          if (scan.observed > 0) series++;
          observed += scan.observed;
          anomalies += scan.anomalies.length;
        } catch (error) {
          // One series that cannot be read must not hold up the others.
          this.logger.error(
            { err: error, orgId: entry.orgId, seriesId: entry.seriesId },
            'anomaly scan of a series failed',
          );
        }
      }
      if (page.length < PAGE_SIZE) break;
      afterId = page[page.length - 1]?._id ?? null;
    }
    return { series, observed, anomalies };
  }
}
