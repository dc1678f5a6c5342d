import { Injectable, type OnModuleInit } from '@nestjs/common';
import {
  type ReportRunDto,
  type RunTrigger,
  ValidationFailedError,
  type WeeklyPreviewDto,
} from '@vantage/contracts';
import { type ChartImage, renderReportCharts, reportChartSpecs } from '../charts/report-charts';
import { MailConsentService } from '../mail-consent/mail-consent.service';
import { MailQuota } from '../mail-quota/mail-quota';
import { RecipientsService } from '../recipients/recipients.service';
import { RunExecutor } from '../runs/run-executor';
import { RunRegistry } from '../runs/run-registry';
import { RunRepository } from '../runs/run.repository';
import type { MailRun } from '../runs/run.schema';
import type { PlannedRecipient, PreparedRun, RunSpec } from '../runs/run-spec';
import { toRunDto } from '../runs/runs.service';
import { scheduleText, ScheduleService } from '../schedule/schedule.service';
import { renderWeekly } from '../templates/mail-templates';
import { weeklyView } from '../templates/weekly-view';
import {
  compareWeeks,
  formatIsoWeek,
  type IsoWeek,
  isoWeekOfInstant,
  parseIsoWeek,
  weekBounds,
} from './iso-week';
import { WeeklyReportBuilder } from './report-builder';
import { sectionStates, type WeeklyReportModel } from './report-model';
import { lastCompleteWeek } from './report-schedule';

/** Stands in for a recipient in the preview: its unsubscribe link goes nowhere (404). */
const PREVIEW_RECIPIENT = { email: 'recipient@example.com', id: 'rcp_preview00000000000000' };

/**
 * The weekly report of an organisation: preview, send now, and the run spec through which the
 * scheduler and the resumer send it.
 */
@Injectable()
export class WeeklyReportService implements OnModuleInit {
  constructor(
    private readonly builder: WeeklyReportBuilder,
    private readonly schedule: ScheduleService,
    private readonly recipients: RecipientsService,
    private readonly executor: RunExecutor,
    private readonly runs: RunRepository,
    private readonly registry: RunRegistry,
    private readonly consent: MailConsentService,
    private readonly quota: MailQuota,
  ) {}

  onModuleInit(): void {
    this.registry.register('weekly', (run) => this.resumableSpec(run));
  }

  /**
   * The e-mail as it would be sent this minute, to a placeholder recipient. `orgName`: the
   * organisation's name as the gateway knows it.
   */
  async preview(
    orgId: string,
    weekText: string | undefined,
    inlineImages: boolean,
    orgName?: string,
    now = new Date(),
  ): Promise<WeeklyPreviewDto> {
    const settings = await this.schedule.settingsNamed(orgId, orgName);
    const week = this.weekOf(weekText, settings.timeZone, now, 'started');
    const model = await this.builder.build(orgId, week, settings, now);
    const specs = reportChartSpecs(model);
    const mail = renderWeekly(weeklyView(model, specs), {
      recipientEmail: PREVIEW_RECIPIENT.email,
      unsubscribeUrl: this.recipients.unsubscribeUrl(orgId, PREVIEW_RECIPIENT.id),
      scheduleText: scheduleText(settings),
    });
    const html = inlineImages ? withInlineImages(mail.html, renderReportCharts(specs)) : mail.html;
    return {
      week: model.week,
      from: model.from,
      to: model.to,
      subject: mail.subject,
      preheader: mail.preheader,
      html,
      text: mail.text,
      sections: sectionStates(model),
    };
  }

  /**
   * Sends the report of a complete week now (default: the last one) to every subscribed
   * recipient it has not reached yet, in the background; answers the run as it starts. A
   * second call, from anywhere, meets the same run and sends nobody twice.
   */
  async send(
    orgId: string,
    weekText: string | undefined,
    trigger: RunTrigger,
    orgName?: string,
    now = new Date(),
  ): Promise<{ run: ReportRunDto; finished: Promise<void> }> {
    const settings = await this.schedule.settingsNamed(orgId, orgName);
    const week = this.weekOf(weekText, settings.timeZone, now, 'complete');
    if (trigger === 'manual') {
      // Refused up front, with a 429 the caller sees, rather than skipped one by one.
      const subscribed = await this.recipients.subscribed(orgId);
      await this.quota.assertAvailable(orgId, subscribed.length, 'weekly', now);
    }
    const started = await this.executor.start(this.spec(orgId, week, trigger), now);
    return {
      run: toRunDto(started.run, await this.runs.deliveriesOf(started.run._id)),
      finished: started.finished,
    };
  }

  /** The run spec of an org's report of a week. */
  spec(orgId: string, week: IsoWeek, trigger: RunTrigger): RunSpec<WeeklyReportModel> {
    return {
      kind: 'weekly',
      orgId,
      key: formatIsoWeek(week),
      trigger,
      // An address still to confirm is left out rather than skipped: confirmed later, it joins
      // the week's run the next time the run is triggered.
      recipients: async () => {
        const planned: PlannedRecipient[] = [];
        for (const recipient of await this.recipients.subscribed(orgId)) {
          if ((await this.consent.refusal(orgId, recipient.email, 'required')) !== null) continue;
          planned.push({
            email: recipient.email,
            name: recipient.name,
            recipientId: recipient._id,
          });
        }
        return planned;
      },
      build: async () => {
        const settings = await this.schedule.settingsOf(orgId);
        const model = await this.builder.build(orgId, week, settings);
        return { subject: weeklyView(model, []).subject, content: model };
      },
      quota: 'counted',
      prepare: (model) => this.prepare(orgId, model),
      refusal: async (delivery) => {
        if (delivery.recipientId !== null) {
          if (!(await this.recipients.isSubscribed(orgId, delivery.recipientId))) {
            return 'unsubscribed';
          }
        }
        return this.consent.refusal(orgId, delivery.email, 'required');
      },
    };
  }

  /** Charts are rasterised once per run; each recipient gets their own unsubscribe link. */
  private async prepare(orgId: string, model: WeeklyReportModel): Promise<PreparedRun> {
    const settings = await this.schedule.settingsOf(orgId);
    const specs = reportChartSpecs(model);
    const images = renderReportCharts(specs);
    const view = weeklyView(model, specs);
    return {
      render: (delivery) => {
        const unsubscribeUrl = this.recipients.unsubscribeUrl(
          orgId,
          delivery.recipientId ?? PREVIEW_RECIPIENT.id,
        );
        const mail = renderWeekly(view, {
          recipientEmail: delivery.email,
          unsubscribeUrl,
          scheduleText: scheduleText(settings),
        });
        return { subject: mail.subject, html: mail.html, text: mail.text, images, unsubscribeUrl };
      },
    };
  }

  /** An interrupted or partial weekly run is resumed while its week is still "last week". */
  private async resumableSpec(run: MailRun): Promise<RunSpec | null> {
    const week = parseIsoWeek(run.key);
    if (!week) return null;
    const { timeZone } = await this.schedule.settingsOf(run.orgId);
    if (compareWeeks(week, lastCompleteWeek(new Date(), timeZone)) !== 0) return null;
    return this.spec(run.orgId, week, run.trigger) as RunSpec;
  }

  /**
   * The week asked for, or the last complete one. A preview may show the week in progress; a
   * send needs the week to be over (its figures would change after the mail went out).
   */
  private weekOf(
    text: string | undefined,
    timeZone: string,
    now: Date,
    needed: 'started' | 'complete',
  ): IsoWeek {
    if (text === undefined) return lastCompleteWeek(now, timeZone);
    const week = parseIsoWeek(text);
    if (!week) throw invalidWeek(`${text} is not a week of its year`);
    const { from, to } = weekBounds(week, timeZone);
    if (needed === 'complete' && to.getTime() > now.getTime()) {
      throw invalidWeek(
        `${text} is not over yet in ${timeZone}; the last complete week is ${formatIsoWeek(lastCompleteWeek(now, timeZone))}`,
      );
    }
    if (from.getTime() > now.getTime()) {
      throw invalidWeek(
        `${text} has not started yet; this week is ${formatIsoWeek(isoWeekOfInstant(now, timeZone))}`,
      );
    }
    return week;
  }
}

/** The preview for a browser: `cid:` references replaced by the PNGs themselves. */
export function withInlineImages(html: string, images: readonly ChartImage[]): string {
  return images.reduce(
    (result, image) =>
      result
        .split(`cid:${image.cid}`)
        .join(`data:image/png;base64,${image.content.toString('base64')}`),
    html,
  );
}

function invalidWeek(message: string): ValidationFailedError {
  return new ValidationFailedError('the request is not valid', [{ field: 'week', message }]);
}
