import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Logger } from '@vantage/observability';
import { JobScheduler, SERVICE_LOGGER } from '@vantage/service-runtime';
import { ReportingConfig } from '../config/reporting.config';
import { RecipientsService } from '../recipients/recipients.service';
import { RunExecutor } from '../runs/run-executor';
import { RunResumer } from '../runs/run-resumer';
import { RunRepository } from '../runs/run.repository';
import { ScheduleService } from '../schedule/schedule.service';
import { runId } from '../shared/ids';
import { formatIsoWeek } from './iso-week';
import { dueReport } from './report-schedule';
import { WeeklyReportService } from './weekly-report.service';

/**
 * Every REPORT_TICK_MS, on one replica (JobScheduler): sends each organisation's weekly report
 * once its time has come in its zone, then resumes runs that did not finish. Sending a run
 * takes its own lock, so a tick overlapping a manual send, or another replica's late tick,
 * sends nobody twice.
 */
@Injectable()
export class WeeklyScheduleJob implements OnModuleInit {
  constructor(
    private readonly scheduler: JobScheduler,
    private readonly config: ReportingConfig,
    private readonly schedule: ScheduleService,
    private readonly recipients: RecipientsService,
    private readonly reports: WeeklyReportService,
    private readonly executor: RunExecutor,
    private readonly runs: RunRepository,
    private readonly resumer: RunResumer,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    if (this.config.REPORT_TICK_MS === 0) return;
    this.scheduler.schedule('weekly-reports', this.config.REPORT_TICK_MS, async () => {
      await this.tick();
    });
  }

  /** One pass: due reports first, then resumptions. Answers the runs it started. */
  async tick(now = new Date()): Promise<number> {
    let started = 0;
    for (const settings of await this.schedule.enabled()) {
      const due = dueReport(now, settings);
      if (!due) continue;
      const week = formatIsoWeek(due.week);
      const existing = await this.runs.findById(runId('weekly', settings._id, week));
      if (existing && existing.status !== 'running') continue; // done, or the resumer's
      if ((await this.recipients.subscribed(settings._id)).length === 0) continue;
      try {
        const attempt = await this.executor.start(
          this.reports.spec(settings._id, due.week, 'schedule'),
          now,
        );
        if (!attempt.started) continue;
        started += 1;
        this.logger.info({ orgId: settings._id, week }, 'weekly report started');
        await attempt.finished;
      } catch (error) {
        this.logger.error({ err: error, orgId: settings._id, week }, 'weekly report not started');
      }
    }
    return started + (await this.resumer.resumeUnfinished(now));
  }
}
