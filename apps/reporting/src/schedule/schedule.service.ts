import { Injectable } from '@nestjs/common';
import {
  ISO_WEEKDAY_NAMES,
  type PutReportScheduleDto,
  REPORT_SCHEDULE_DEFAULTS,
  type ReportScheduleDto,
  ValidationFailedError,
} from '@vantage/contracts';
import { formatIsoWeek, isValidTimeZone } from '../weekly/iso-week';
import { nextReport } from '../weekly/report-schedule';
import { ReportSettingsRepository } from './report-settings.repository';
import type { ReportSettings } from './report-settings.schema';

/** When each organisation's weekly report goes out (default: Monday 08:00 UTC). */
@Injectable()
export class ScheduleService {
  constructor(private readonly repository: ReportSettingsRepository) {}

  /** The org's settings, the defaults when it has none stored. */
  async settingsOf(orgId: string): Promise<ReportSettings> {
    return (await this.repository.find(orgId)) ?? defaults(orgId);
  }

  /**
   * The org's settings with the name the gateway knows it by, remembered (when the org has
   * settings and the name changed) for the reports the schedule sends without a request.
   */
  async settingsNamed(orgId: string, accountName: string | undefined): Promise<ReportSettings> {
    const settings = await this.settingsOf(orgId);
    if (accountName === undefined || accountName === settings.accountName) return settings;
    await this.repository.setAccountName(orgId, accountName);
    return { ...settings, accountName };
  }

  /** Stores the defaults for an org that has no settings, so the scheduler sees it. */
  async ensure(orgId: string): Promise<void> {
    await this.repository.insertIfAbsent(defaults(orgId));
  }

  async get(orgId: string, now = new Date()): Promise<ReportScheduleDto> {
    return toScheduleDto(await this.settingsOf(orgId), now);
  }

  async put(
    orgId: string,
    input: PutReportScheduleDto,
    now = new Date(),
  ): Promise<ReportScheduleDto> {
    if (input.timeZone !== undefined && !isValidTimeZone(input.timeZone)) {
      throw new ValidationFailedError('the request is not valid', [
        { field: 'timeZone', message: 'timeZone must be an IANA time zone such as Europe/Paris' },
      ]);
    }
    const current = await this.settingsOf(orgId);
    const saved = await this.repository.save({
      _id: orgId,
      enabled: input.enabled ?? current.enabled,
      weekday: input.weekday ?? current.weekday,
      time: input.time ?? current.time,
      timeZone: input.timeZone ?? current.timeZone,
      orgName: input.orgName?.trim() ?? current.orgName,
      updatedAt: now,
    });
    return toScheduleDto(saved ?? current, now);
  }

  /** Every org whose report is scheduled. */
  enabled(): Promise<ReportSettings[]> {
    return this.repository.enabled();
  }
}

export function toScheduleDto(settings: ReportSettings, now: Date): ReportScheduleDto {
  const next = nextReport(now, settings);
  return {
    enabled: settings.enabled,
    weekday: settings.weekday,
    time: settings.time,
    timeZone: settings.timeZone,
    orgName: settings.orgName,
    nextRunAt: next.at.toISOString(),
    nextWeek: formatIsoWeek(next.week),
  };
}

/** `every Monday at 08:00 (UTC)`, for the footer of the e-mail. */
export function scheduleText(settings: ReportSettings): string {
  const day = ISO_WEEKDAY_NAMES[settings.weekday - 1] ?? 'Monday';
  return settings.enabled
    ? `every ${day} at ${settings.time} (${settings.timeZone})`
    : 'when an admin of your organisation asks for it';
}

function defaults(orgId: string): ReportSettings {
  return { _id: orgId, ...REPORT_SCHEDULE_DEFAULTS, orgName: null, updatedAt: new Date(0) };
}
