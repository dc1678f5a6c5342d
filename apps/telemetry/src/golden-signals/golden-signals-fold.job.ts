import { createHash } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Logger } from '@vantage/observability';
import { JobScheduler, KeyedTurns, SERVICE_LOGGER } from '@vantage/service-runtime';
import { TelemetryConfig } from '../config/telemetry.config';
import { SampleWriter } from '../series/sample-writer';
import { GoldenSignalReportsRepository } from './golden-signal-reports.repository';
import type { StagedGoldenSignals } from './golden-signal-reports.schema';
import { foldedSamples } from './golden-signal-samples';

const MINUTE_MS = 60_000;

/**
 * Turns staged golden-signals reports into points, a minute at a time, once across replicas:
 * every GOLDEN_SIGNALS_FOLD_INTERVAL_MS, each minute that ended GOLDEN_SIGNALS_FOLD_DELAY_MS
 * ago is written as one batch, all replicas' reports of that minute together. So each series
 * costs one write per bucket a minute however many replicas report how often (a report per
 * series and bucket was most of the store's work), and reports are handled with one insert.
 *
 * At most once: the batch id is derived from the minute and the ids of the reports folded, so
 * a fold that died between writing the points and removing its reports writes the same batch
 * again next time, which the points apply once. A report delivered after its minute was folded
 * is folded in a later run, as a batch of its own minute.
 */
@Injectable()
export class GoldenSignalsFoldJob implements OnModuleInit {
  private readonly turns = new KeyedTurns();

  constructor(
    private readonly reports: GoldenSignalReportsRepository,
    private readonly writer: SampleWriter,
    private readonly scheduler: JobScheduler,
    private readonly config: TelemetryConfig,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.scheduler.schedule(
      'golden-signals-fold',
      this.config.GOLDEN_SIGNALS_FOLD_INTERVAL_MS,
      async () => {
        await this.fold();
      },
    );
  }

  /**
   * Folds the staged minutes due at `now`; answers how many reports it folded. Runs in this
   * replica one after the other: two folds reading the staged reports at once could each take a
   * different set of one minute's reports, and both sets would be written.
   */
  fold(now = Date.now()): Promise<number> {
    return this.turns.run('fold', () => this.foldNow(now));
  }

  private async foldNow(now: number): Promise<number> {
    const dueBefore = now - MINUTE_MS - this.config.GOLDEN_SIGNALS_FOLD_DELAY_MS;
    const byMinute = new Map<number, StagedGoldenSignals[]>();
    for (const staged of await this.reports.staged()) {
      if (staged.minute > dueBefore) continue;
      byMinute.set(staged.minute, [...(byMinute.get(staged.minute) ?? []), staged]);
    }
    let folded = 0;
    for (const [minute, staged] of [...byMinute].sort(([a], [b]) => a - b)) {
      const batchIds = staged.map((report) => report._id).sort();
      await this.writer.write(
        this.config.TELEMETRY_SYSTEM_ORG_ID,
        foldBatchId(minute, batchIds),
        foldedSamples(staged.map((report) => report.report)),
      );
      await this.reports.remove(batchIds);
      folded += batchIds.length;
    }
    if (folded > 0) {
      this.logger.debug({ reports: folded, minutes: byMinute.size }, 'golden signals folded');
    }
    return folded;
  }
}

/** The batch id of a fold: the same minute and reports, in any order, give the same id. */
export function foldBatchId(minute: number, batchIds: readonly string[]): string {
  const digest = createHash('sha256')
    .update([...batchIds].sort().join('\n'))
    .digest('base64url');
  return `gs:${minute}:${digest.slice(0, 22)}`;
}
