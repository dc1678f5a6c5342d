import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { OptionalNotNull } from '../traffic/rad-sets';

/** The weekly executive report: preview, send now, and its schedule per organisation. */
export const WEEKLY_REPORT_PATTERNS = {
  preview: 'reporting.weekly.preview.1',
  send: 'reporting.weekly.send.1',
  scheduleGet: 'reporting.weekly.schedule.get.1',
  schedulePut: 'reporting.weekly.schedule.put.1',
} as const;

/** The longest organisation name: the gateway's and the report's. */
export const ORG_NAME_MAX_LENGTH = 120;

/** An ISO 8601 week: `2026-W47` (weeks start on Monday; week 1 holds the year's first Thursday). */
export const ISO_WEEK_PATTERN = /^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/;

/** The report's sections, in the order the e-mail shows them. */
export const REPORT_SECTIONS = ['revenue', 'usage', 'traffic', 'reliability', 'roadmap'] as const;
export type ReportSectionName = (typeof REPORT_SECTIONS)[number];

function booleanFromQuery({ value }: { value: unknown }): unknown {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value;
}

export class WeeklyPreviewQueryDto {
  @ApiPropertyOptional({
    example: '2026-W47',
    description:
      "The ISO week reported on, in the organisation's time zone. Default: the last complete week.",
  })
  @OptionalNotNull()
  @IsString()
  @Matches(ISO_WEEK_PATTERN, { message: 'week must be an ISO week such as 2026-W47' })
  week?: string;

  @ApiPropertyOptional({
    default: false,
    description:
      'The HTML as sent references its charts as `cid:` attachments, which a browser cannot ' +
      'show; `true` embeds them as data: URIs instead, for looking at the preview.',
  })
  @OptionalNotNull()
  @Transform(booleanFromQuery)
  @IsBoolean()
  inlineImages?: boolean;
}

/**
 * The preview as the gateway asks reporting for it: the query, and the organisation's name as
 * the gateway knows it (the report's title when no report name is set in the schedule).
 */
export class WeeklyPreviewMessageDto extends WeeklyPreviewQueryDto {
  @OptionalNotNull()
  @IsString()
  @MaxLength(ORG_NAME_MAX_LENGTH)
  orgName?: string;
}

export class ReportSectionStateDto {
  @ApiProperty({ enum: REPORT_SECTIONS })
  name!: ReportSectionName;

  @ApiProperty({ description: 'false: the section says its data does not exist yet.' })
  available!: boolean;
}

/** The e-mail as it would be sent (to a placeholder recipient). */
export class WeeklyPreviewDto {
  @ApiProperty({ example: '2026-W47' })
  week!: string;

  @ApiProperty({ description: 'Start of the week (inclusive), in UTC.' })
  from!: string;

  @ApiProperty({ description: 'End of the week (exclusive), in UTC.' })
  to!: string;

  @ApiProperty()
  subject!: string;

  @ApiProperty({ description: 'The hidden line mail clients show after the subject.' })
  preheader!: string;

  @ApiProperty()
  html!: string;

  @ApiProperty({ description: 'The plain-text part.' })
  text!: string;

  @ApiProperty({ type: [ReportSectionStateDto] })
  sections!: ReportSectionStateDto[];
}

export class SendWeeklyReportDto {
  @ApiPropertyOptional({
    example: '2026-W47',
    description: 'A complete week; default: the last complete week in the organisation’s zone.',
  })
  @OptionalNotNull()
  @IsString()
  @Matches(ISO_WEEK_PATTERN, { message: 'week must be an ISO week such as 2026-W47' })
  week?: string;
}

/** Send-now as the gateway asks reporting for it, with the organisation's name (see above). */
export class SendWeeklyReportMessageDto extends SendWeeklyReportDto {
  @OptionalNotNull()
  @IsString()
  @MaxLength(ORG_NAME_MAX_LENGTH)
  orgName?: string;
}

/** `HH:MM`, 24-hour. */
export const TIME_OF_DAY_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;

export class ReportScheduleDto {
  @ApiProperty({ description: 'false: no scheduled sending (send now still works).' })
  enabled!: boolean;

  @ApiProperty({ minimum: 1, maximum: 7, example: 1, description: '1 Monday … 7 Sunday.' })
  weekday!: number;

  @ApiProperty({ example: '08:00', description: 'Local time in `timeZone`, 24-hour.' })
  time!: string;

  @ApiProperty({ example: 'Europe/Paris', description: 'IANA time zone.' })
  timeZone!: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Shown in the e-mail.' })
  orgName!: string | null;

  @ApiProperty({ description: 'When the next scheduled report goes out (UTC).' })
  nextRunAt!: string;

  @ApiProperty({ example: '2026-W48', description: 'The week that report covers.' })
  nextWeek!: string;
}

export class PutReportScheduleDto {
  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ minimum: 1, maximum: 7 })
  @OptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(7)
  weekday?: number;

  @ApiPropertyOptional({ example: '08:00' })
  @OptionalNotNull()
  @IsString()
  @Matches(TIME_OF_DAY_PATTERN, { message: 'time must be HH:MM (24-hour)' })
  time?: string;

  @ApiPropertyOptional({ example: 'Europe/Paris', maxLength: 64 })
  @OptionalNotNull()
  @IsString()
  @MaxLength(64)
  timeZone?: string;

  @ApiPropertyOptional({
    maxLength: ORG_NAME_MAX_LENGTH,
    description:
      "The organisation name the e-mail shows; without one, the organisation's own name.",
  })
  @OptionalNotNull()
  @IsString()
  @MaxLength(ORG_NAME_MAX_LENGTH)
  @Matches(/\S/, { message: 'orgName must not be blank' })
  orgName?: string;
}

export const REPORT_SCHEDULE_DEFAULTS = {
  enabled: true,
  weekday: 1,
  time: '08:00',
  timeZone: 'UTC',
} as const;

/** Weekday names by ISO number minus one (0: Monday). */
export const ISO_WEEKDAY_NAMES = [
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
] as const;
