import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsString,
  MaxLength,
  Max,
  Min,
} from 'class-validator';
import { OptionalNotNull } from './rad-sets';

/**
 * Health of event ids against their baseline, as the dashboard shows it: statistics, the event
 * table, and the versioned settings (window, baseline, default thresholds) it is computed with.
 */
export const DASHBOARD_PATTERNS = {
  stats: 'traffic-monitor.dashboard.stats.1',
  query: 'traffic-monitor.dashboard.query.1',
  getConfig: 'traffic-monitor.dashboard-config.get.1',
  putConfig: 'traffic-monitor.dashboard-config.put.1',
  configHistory: 'traffic-monitor.dashboard-config.history.1',
  rollbackConfig: 'traffic-monitor.dashboard-config.rollback.1',
} as const;

/**
 * Scored statuses first, most severe first; then the two that are reported but not scored.
 * This is also the order of a sort by status.
 */
export const HEALTH_STATUSES = [
  'CRITICAL',
  'WARNING',
  'INCREASED',
  'NORMAL',
  'LOW_VOLUME',
  'NO_BASELINE',
] as const;
export type HealthStatus = (typeof HEALTH_STATUSES)[number];

export const WINDOW_MODES = ['rollingHours', 'lastCompleteDay', 'lastHours'] as const;
export type WindowMode = (typeof WINDOW_MODES)[number];

export const BASELINE_MODES = ['dailyAverage', 'sameHoursLastWeeks'] as const;
export type BaselineMode = (typeof BASELINE_MODES)[number];

/** The widest hour window: a whole day, so a rolling window covers every hour of the cycle. */
export const MAX_WINDOW_HOURS = 24;

/** Whether a health window's settings are today's defaults or an organisation's own choice. */
export const WINDOW_CHOICES = ['defaults', 'config'] as const;
export type WindowChoice = (typeof WINDOW_CHOICES)[number];

/** How health is computed for an organisation. Every field has a default (see DEFAULT_…). */
export interface DashboardSettings {
  readonly windowMode: WindowMode;
  readonly windowHours: number;
  readonly baselineMode: BaselineMode;
  readonly baselineDays: number;
  readonly baselineWeeks: number;
  readonly criticalDropPct: number;
  readonly warningDropPct: number;
  readonly increasePct: number;
  readonly minDailyVolume: number;
  readonly highVolumeLevel: number;
  readonly valuePerEvent: number;
}

/**
 * A new organisation sees what it just sent: the last 24 hours up to now (the current hour
 * included), against the same hours of the 4 weeks before. docs/dashboard.md has the rules.
 */
export const DEFAULT_DASHBOARD_SETTINGS: DashboardSettings = {
  windowMode: 'rollingHours',
  windowHours: 24,
  baselineMode: 'sameHoursLastWeeks',
  baselineDays: 20,
  baselineWeeks: 4,
  criticalDropPct: 80,
  warningDropPct: 50,
  increasePct: 50,
  minDailyVolume: 100,
  highVolumeLevel: 1000,
  valuePerEvent: 0,
};

const finite = { allowNaN: false, allowInfinity: false } as const;

export class DashboardSettingsDto implements DashboardSettings {
  @ApiProperty({
    enum: WINDOW_MODES,
    default: 'rollingHours',
    description:
      '`rollingHours`: the last `windowHours` complete UTC hours and the current hour so far. ' +
      '`lastCompleteDay`: the last complete UTC day. `lastHours`: the last `windowHours` ' +
      'complete UTC hours. Hour windows need baselineMode `sameHoursLastWeeks`. See ' +
      'docs/dashboard.md.',
  })
  @IsIn(WINDOW_MODES)
  windowMode!: WindowMode;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_WINDOW_HOURS, default: 24 })
  @IsInt()
  @Min(1)
  @Max(MAX_WINDOW_HOURS)
  windowHours!: number;

  @ApiProperty({
    enum: BASELINE_MODES,
    default: 'sameHoursLastWeeks',
    description:
      '`dailyAverage`: the daily average of the `baselineDays` days before the window. ' +
      '`sameHoursLastWeeks`: the same hours (or weekday) in each of the `baselineWeeks` ' +
      'weeks before.',
  })
  @IsIn(BASELINE_MODES)
  baselineMode!: BaselineMode;

  @ApiProperty({ minimum: 1, maximum: 60, default: 20 })
  @IsInt()
  @Min(1)
  @Max(60)
  baselineDays!: number;

  @ApiProperty({ minimum: 1, maximum: 8, default: 4 })
  @IsInt()
  @Min(1)
  @Max(8)
  baselineWeeks!: number;

  @ApiProperty({
    minimum: 1,
    maximum: 100,
    default: 80,
    description: 'Default critical drop % for events no RAD set matches, and for new sets.',
  })
  @IsNumber(finite)
  @Min(1)
  @Max(100)
  criticalDropPct!: number;

  @ApiProperty({ minimum: 1, maximum: 100, default: 50, description: 'Below criticalDropPct.' })
  @IsNumber(finite)
  @Min(1)
  @Max(100)
  warningDropPct!: number;

  @ApiProperty({
    minimum: 1,
    maximum: 100_000,
    default: 50,
    description: 'A rise against the baseline of at least this many percent is INCREASED.',
  })
  @IsNumber(finite)
  @Min(1)
  @Max(100_000)
  increasePct!: number;

  @ApiProperty({ minimum: 0, default: 100 })
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  minDailyVolume!: number;

  @ApiProperty({ minimum: 1, default: 1000 })
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  highVolumeLevel!: number;

  @ApiProperty({ minimum: 0, default: 0 })
  @IsNumber({ ...finite, maxDecimalPlaces: 6 })
  @Min(0)
  @Max(1_000_000)
  valuePerEvent!: number;
}

/**
 * PUT body: the settings to change (fields left out keep their current value), optionally
 * the version they were read at, so a concurrent change is refused (409) rather than lost.
 */
export class PutDashboardConfigDto implements Partial<DashboardSettings> {
  @ApiPropertyOptional({
    enum: WINDOW_MODES,
    description:
      'Changed without `baselineMode`, the baseline follows the window: `dailyAverage` for ' +
      '`lastCompleteDay`, `sameHoursLastWeeks` for hour windows.',
  })
  @OptionalNotNull()
  @IsIn(WINDOW_MODES)
  windowMode?: WindowMode;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_WINDOW_HOURS })
  @OptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(MAX_WINDOW_HOURS)
  windowHours?: number;

  @ApiPropertyOptional({ enum: BASELINE_MODES })
  @OptionalNotNull()
  @IsIn(BASELINE_MODES)
  baselineMode?: BaselineMode;

  @ApiPropertyOptional({ minimum: 1, maximum: 60 })
  @OptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(60)
  baselineDays?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 8 })
  @OptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(8)
  baselineWeeks?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 100 })
  @OptionalNotNull()
  @IsNumber(finite)
  @Min(1)
  @Max(100)
  criticalDropPct?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 100 })
  @OptionalNotNull()
  @IsNumber(finite)
  @Min(1)
  @Max(100)
  warningDropPct?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 100_000 })
  @OptionalNotNull()
  @IsNumber(finite)
  @Min(1)
  @Max(100_000)
  increasePct?: number;

  @ApiPropertyOptional({ minimum: 0 })
  @OptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  minDailyVolume?: number;

  @ApiPropertyOptional({ minimum: 1 })
  @OptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  highVolumeLevel?: number;

  @ApiPropertyOptional({ minimum: 0 })
  @OptionalNotNull()
  @IsNumber({ ...finite, maxDecimalPlaces: 6 })
  @Min(0)
  @Max(1_000_000)
  valuePerEvent?: number;

  @ApiPropertyOptional({
    minimum: 1,
    description: 'The version this change is based on; another current version answers 409.',
  })
  @OptionalNotNull()
  @IsInt()
  @Min(1)
  baseVersion?: number;

  @ApiPropertyOptional({ maxLength: 200, description: 'Why, for the history.' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(200)
  comment?: string;
}

export class DashboardConfigHistoryQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @OptionalNotNull()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ minimum: 1, description: 'Only versions older than this one.' })
  @OptionalNotNull()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  beforeVersion?: number;
}

export class RollbackDashboardConfigDto {
  @ApiProperty({ minimum: 1 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version!: number;

  @ApiPropertyOptional({ maxLength: 200 })
  @OptionalNotNull()
  @IsString()
  @MaxLength(200)
  comment?: string;
}

export class ConfigAuthorDto {
  @ApiProperty({ example: 'user' })
  kind!: string;

  @ApiProperty({ example: 'usr_8Hd2kq9Xc0aLm3PzT1vY' })
  id!: string;
}

export class DashboardConfigDto {
  @ApiProperty({ description: 'Version 1 is the defaults, recorded on first use.' })
  version!: number;

  @ApiProperty({ type: DashboardSettingsDto })
  settings!: DashboardSettingsDto;

  @ApiProperty({ type: ConfigAuthorDto })
  changedBy!: ConfigAuthorDto;

  @ApiProperty()
  changedAt!: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  comment!: string | null;

  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    description: 'Set when this version restored the settings of an older one.',
  })
  rolledBackFrom!: number | null;
}

export class DashboardConfigHistoryDto {
  @ApiProperty({ type: [DashboardConfigDto], description: 'Newest first.' })
  items!: DashboardConfigDto[];
}

/** `asOf` judges the window that had ended at that instant (default: now). */
export class DashboardStatsQueryDto {
  @ApiPropertyOptional({
    example: '2026-11-20T12:00:00Z',
    description:
      'Judge the window as it stood at this instant (default: now). The window itself comes ' +
      'from the dashboard config; docs/dashboard.md has the rules.',
  })
  @OptionalNotNull()
  @IsISO8601({ strict: true })
  asOf?: string;
}

export const DASHBOARD_SORT_COLUMNS = [
  'eventId',
  'radSet',
  'current',
  'baseline',
  'changePct',
  'z',
  'status',
  'impact',
  'eventsDelta',
] as const;
export type DashboardSortColumn = (typeof DASHBOARD_SORT_COLUMNS)[number];

export const DASHBOARD_MAX_PAGE_SIZE = 500;

export class DashboardQueryDto extends DashboardStatsQueryDto {
  @ApiPropertyOptional({
    type: [String],
    description: 'RAD set ids; `unknown` for event ids that no set matches.',
    maxItems: 100,
  })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  radSets?: string[];

  @ApiPropertyOptional({ enum: HEALTH_STATUSES, isArray: true })
  @OptionalNotNull()
  @IsArray()
  @ArrayUnique()
  @IsIn(HEALTH_STATUSES, { each: true })
  statuses?: HealthStatus[];

  @ApiPropertyOptional({ maxLength: 200, description: 'Case-insensitive part of the event id.' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(200)
  search?: string;

  @ApiPropertyOptional({ description: 'Only events at or above their set’s high-volume level.' })
  @OptionalNotNull()
  @IsBoolean()
  highVolumeOnly?: boolean;

  @ApiPropertyOptional({
    enum: DASHBOARD_SORT_COLUMNS,
    default: 'status',
    description: '`status` sorts by severity (CRITICAL first when ascending).',
  })
  @OptionalNotNull()
  @IsIn(DASHBOARD_SORT_COLUMNS)
  sortBy?: DashboardSortColumn;

  @ApiPropertyOptional({
    enum: ['asc', 'desc'],
    default: 'asc',
    description: 'Empty values (no baseline) sort last either way; ties by event id.',
  })
  @OptionalNotNull()
  @IsIn(['asc', 'desc'])
  sortDir?: 'asc' | 'desc';

  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @OptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: DASHBOARD_MAX_PAGE_SIZE, default: 50 })
  @OptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(DASHBOARD_MAX_PAGE_SIZE)
  pageSize?: number;
}

/** The health of one event id in the window. */
export class DashboardRowDto {
  @ApiProperty({ example: 'pandc.vnext.recommendations.feed.feed_impression' })
  eventId!: string;

  @ApiProperty({ description: 'Name of the RAD set, or `unknown`.' })
  radSet!: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  radSetId!: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, example: '#2563eb' })
  colour!: string | null;

  @ApiProperty({ description: 'Events in the current window.' })
  current!: number;

  @ApiProperty({ description: 'Expected events in the window (baseline mean; 0 when none).' })
  baseline!: number;

  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Change vs baseline, %.' })
  changePct!: number | null;

  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    description: '(current − baseline) / std, std at least √baseline.',
  })
  z!: number | null;

  @ApiProperty({ enum: HEALTH_STATUSES })
  status!: HealthStatus;

  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    description:
      'Events gained (+) or lost (−) against the baseline; null when not scored ' +
      '(LOW_VOLUME, NO_BASELINE).',
  })
  eventsDelta!: number | null;

  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    description: 'eventsDelta × the set’s value per event; null when not scored.',
  })
  impact!: number | null;

  @ApiProperty()
  highVolume!: boolean;
}

/** Which window was judged, how it was chosen, and what it was compared with. */
export class HealthWindowDto {
  @ApiProperty({ format: 'date-time', description: 'Start of the judged window (inclusive).' })
  from!: string;

  @ApiProperty({
    format: 'date-time',
    description: 'End of the judged window (exclusive); `asOf` itself for `rollingHours`.',
  })
  to!: string;

  @ApiProperty({ format: 'date-time', description: 'The instant judged: `asOf`, or now.' })
  asOf!: string;

  @ApiProperty({ enum: WINDOW_MODES })
  windowMode!: WindowMode;

  @ApiProperty({
    type: 'integer',
    minimum: 1,
    maximum: MAX_WINDOW_HOURS,
    description: 'Complete hours in the window (24 for a day).',
  })
  windowHours!: number;

  @ApiProperty({
    description:
      'Whether the window holds the current, still open hour (`rollingHours`); its baseline ' +
      'share is then prorated to the minutes elapsed.',
  })
  includesCurrentHour!: boolean;

  @ApiProperty({
    enum: WINDOW_CHOICES,
    description:
      '`defaults`: the organisation runs on the default settings; `config`: on settings it ' +
      'changed (PUT /api/v1/dashboard/config).',
  })
  chosenBy!: WindowChoice;

  @ApiProperty({ enum: BASELINE_MODES })
  baselineMode!: BaselineMode;

  @ApiProperty({ format: 'date-time', description: 'Start of the oldest baseline period.' })
  baselineFrom!: string;

  @ApiProperty({ format: 'date-time', description: 'End of the newest baseline period.' })
  baselineTo!: string;

  @ApiProperty({
    type: 'integer',
    description: 'Baseline periods (days or weeks) compared against.',
  })
  baselinePeriods!: number;

  @ApiProperty({ type: 'integer', description: 'The config version the health was computed with.' })
  configVersion!: number;

  @ApiProperty({
    example:
      'the last 24 complete UTC hours and the current hour so far, up to now, against the ' +
      'same hours in each of the 4 weeks before (sameHoursLastWeeks); default settings',
    description: 'The window and baseline in words.',
  })
  explanation!: string;

  @ApiProperty({ format: 'date-time' })
  computedAt!: string;
}

export class DashboardPageDto {
  @ApiProperty({ type: [DashboardRowDto] })
  items!: DashboardRowDto[];

  @ApiProperty({ description: 'Rows matching the filters, over all pages.' })
  total!: number;

  @ApiProperty()
  page!: number;

  @ApiProperty()
  pageSize!: number;

  @ApiProperty({ type: HealthWindowDto })
  window!: HealthWindowDto;
}

export class StatusCountsDto implements Record<HealthStatus, number> {
  @ApiProperty()
  CRITICAL!: number;

  @ApiProperty()
  WARNING!: number;

  @ApiProperty()
  INCREASED!: number;

  @ApiProperty()
  NORMAL!: number;

  @ApiProperty()
  LOW_VOLUME!: number;

  @ApiProperty()
  NO_BASELINE!: number;
}

export class RadSetStatsDto {
  @ApiPropertyOptional({ nullable: true, type: String, description: 'null for `unknown`.' })
  radSetId!: string | null;

  @ApiProperty()
  name!: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  colour!: string | null;

  @ApiProperty()
  total!: number;

  @ApiProperty({ type: StatusCountsDto })
  byStatus!: StatusCountsDto;

  @ApiProperty({ description: 'Sum of eventsDelta of the set’s scored events.' })
  eventsDelta!: number;

  @ApiProperty({ description: 'Sum of impact of the set’s scored events.' })
  impact!: number;
}

export class DashboardStatsDto {
  @ApiProperty({ description: 'Event ids seen in the window or its baseline.' })
  total!: number;

  @ApiProperty({ type: StatusCountsDto })
  byStatus!: StatusCountsDto;

  @ApiProperty({
    type: [RadSetStatsDto],
    description: 'Every enabled set (even empty), then `unknown`.',
  })
  byRadSet!: RadSetStatsDto[];

  @ApiProperty({ description: 'Events lost (−) or gained (+) over every scored event.' })
  eventsDelta!: number;

  @ApiProperty()
  impact!: number;

  @ApiProperty({ type: HealthWindowDto })
  window!: HealthWindowDto;
}
