import {
  ApiExtraModels,
  ApiProperty,
  ApiPropertyOptional,
  getSchemaPath,
  PartialType,
} from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsObject,
  IsString,
  IsUrl,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import type { HealthStatus } from './dashboard';
import { FORMULA_MAX_LENGTH } from './formulas';
import {
  EVENT_ID_GLOB_MAX_LENGTH,
  EVENT_ID_GLOB_MAX_STARS,
  EVENT_ID_GLOB_PATTERN,
  MaxGlobStars,
  OptionalNotNull,
  RAD_SET_ID_PATTERN,
} from './rad-sets';

/**
 * Alert rules per organisation (on event health statuses or on a formula crossing a
 * threshold), the alerts they raise, and acknowledging them.
 */
export const ALERT_PATTERNS = {
  rulesList: 'traffic-monitor.alerts.rules.list.1',
  rulesGet: 'traffic-monitor.alerts.rules.get.1',
  rulesCreate: 'traffic-monitor.alerts.rules.create.1',
  rulesUpdate: 'traffic-monitor.alerts.rules.update.1',
  rulesDelete: 'traffic-monitor.alerts.rules.delete.1',
  list: 'traffic-monitor.alerts.list.1',
  get: 'traffic-monitor.alerts.get.1',
  acknowledge: 'traffic-monitor.alerts.acknowledge.1',
} as const;

/** What the traffic monitor publishes on the /ws `alerts` channel (LiveUpdate `type`). */
export const ALERT_LIVE_EVENTS = {
  raised: 'alert.raised',
  acknowledged: 'alert.acknowledged',
  resolved: 'alert.resolved',
} as const;
export type AlertLiveEvent = (typeof ALERT_LIVE_EVENTS)[keyof typeof ALERT_LIVE_EVENTS];

/** Published on the /ws `traffic` channel when event statuses changed between evaluations. */
export const TRAFFIC_STATUS_CHANGED_LIVE_EVENT = 'traffic.status.changed';

/** Alert rule ids: `arl_` and 20 base62 characters. Anything else cannot exist (404). */
export const ALERT_RULE_ID_PATTERN = /^arl_[A-Za-z0-9]{20}$/;
/** Alert ids: `alt_` and 20 base62 characters. Anything else cannot exist (404). */
export const ALERT_ID_PATTERN = /^alt_[A-Za-z0-9]{20}$/;

export const ALERT_SEVERITIES = ['critical', 'warning', 'info'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** Why an alert was resolved: its condition cleared, or its rule was disabled or deleted. */
export const ALERT_RESOLVED_REASONS = [
  'condition-cleared',
  'rule-disabled',
  'rule-deleted',
] as const;
export type AlertResolvedReason = (typeof ALERT_RESOLVED_REASONS)[number];

/** How a formula's value is compared with the threshold: value `>` threshold, and so on. */
export const ALERT_OPERATORS = ['gt', 'gte', 'lt', 'lte'] as const;
export type AlertOperator = (typeof ALERT_OPERATORS)[number];

/** Statuses a rule can watch for; NORMAL is what every rule waits to return to. */
export const ALERTABLE_HEALTH_STATUSES = [
  'CRITICAL',
  'WARNING',
  'INCREASED',
  'LOW_VOLUME',
  'NO_BASELINE',
] as const satisfies readonly HealthStatus[];
export type AlertableHealthStatus = (typeof ALERTABLE_HEALTH_STATUSES)[number];

export const ALERT_RULE_NAME_MAX_LENGTH = 80;
export const ALERT_RULE_MAX_RECIPIENTS = 20;
export const ALERT_WEBHOOK_URL_MAX_LENGTH = 2048;
export const ALERT_COOLDOWN_MAX_MINUTES = 7 * 24 * 60;
export const ALERT_DEFAULT_COOLDOWN_MINUTES = 30;
export const ALERT_WINDOW_MAX_MINUTES = 7 * 24 * 60;
export const ALERT_DEFAULT_WINDOW_MINUTES = 5;
export const ALERT_DEFAULT_SEVERITY: AlertSeverity = 'warning';
export const ALERT_LIST_MAX_LIMIT = 200;
export const ALERT_LIST_DEFAULT_LIMIT = 50;
/** Bound on a threshold: far past any count, and exact as a double. */
const THRESHOLD_BOUND = 1e15;

export const ALERT_CONDITION_KINDS = ['status', 'formula'] as const;
export type AlertConditionKind = (typeof ALERT_CONDITION_KINDS)[number];

/** A stored condition, with its defaults filled in. */
export interface StatusAlertCondition {
  readonly kind: 'status';
  readonly statuses: readonly AlertableHealthStatus[];
  readonly radSetId: string | null;
  readonly eventIdGlob: string | null;
  readonly minEvents: number;
}

export interface FormulaAlertCondition {
  readonly kind: 'formula';
  readonly expression: string;
  readonly operator: AlertOperator;
  readonly threshold: number;
  readonly windowMinutes: number;
}

export type AlertCondition = StatusAlertCondition | FormulaAlertCondition;

/** The `kind` alone: what an unknown kind is validated as (and refused). */
export class AlertConditionKindDto {
  @ApiProperty({ enum: ALERT_CONDITION_KINDS })
  @IsIn(ALERT_CONDITION_KINDS)
  kind!: AlertConditionKind;
}

/**
 * True while at least `minEvents` event ids have one of `statuses` in the current health
 * window, counting only those of the RAD set and/or matching the glob when given.
 */
export class StatusAlertConditionDto {
  @ApiProperty({ enum: ['status'] })
  @IsIn(['status'])
  kind!: 'status';

  @ApiProperty({
    enum: ALERTABLE_HEALTH_STATUSES,
    isArray: true,
    example: ['CRITICAL'],
    description: 'Any of these statuses counts.',
  })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsIn(ALERTABLE_HEALTH_STATUSES, { each: true })
  statuses!: AlertableHealthStatus[];

  @ApiPropertyOptional({
    example: 'rad_3kT9wQ1mZp8Lx2Vb7Nc4',
    description: 'Only event ids classified in this RAD set.',
  })
  @OptionalNotNull()
  @IsString()
  @Matches(RAD_SET_ID_PATTERN, { message: 'radSetId must be a RAD set id (rad_...)' })
  radSetId?: string;

  @ApiPropertyOptional({
    example: 'pandc.*.recommendations.cart.*',
    maxLength: EVENT_ID_GLOB_MAX_LENGTH,
    description:
      'Only event ids matching this glob (`*` any run of characters, `?` one); at most ' +
      `${EVENT_ID_GLOB_MAX_STARS} \`*\`.`,
  })
  @OptionalNotNull()
  @IsString()
  @Length(1, EVENT_ID_GLOB_MAX_LENGTH)
  @Matches(EVENT_ID_GLOB_PATTERN, {
    message: 'eventIdGlob may hold letters, digits, ". _ - : /" and the wildcards "*" and "?"',
  })
  @MaxGlobStars()
  eventIdGlob?: string;

  @ApiPropertyOptional({ minimum: 1, default: 1, description: 'Event ids needed to fire.' })
  @OptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  minEvents?: number;
}

/**
 * True while the formula's value over the last complete interval of `windowMinutes` (aligned
 * to UTC multiples of the window) compares with `threshold` by `operator`.
 */
export class FormulaAlertConditionDto {
  @ApiProperty({ enum: ['formula'] })
  @IsIn(['formula'])
  kind!: 'formula';

  @ApiProperty({
    example: 'count(eventId="*.feed_click") / count(eventId="*.feed_impression") * 100',
    maxLength: FORMULA_MAX_LENGTH,
    description: 'Checked on save: an invalid formula is refused with its diagnostics.',
  })
  @IsString()
  @Length(1, FORMULA_MAX_LENGTH)
  expression!: string;

  @ApiProperty({ enum: ALERT_OPERATORS, example: 'lt', description: 'value <op> threshold.' })
  @IsIn(ALERT_OPERATORS)
  operator!: AlertOperator;

  @ApiProperty({ example: 2.5 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-THRESHOLD_BOUND)
  @Max(THRESHOLD_BOUND)
  threshold!: number;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: ALERT_WINDOW_MAX_MINUTES,
    default: ALERT_DEFAULT_WINDOW_MINUTES,
    description: 'Width of the interval the formula is evaluated over, in minutes.',
  })
  @OptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(ALERT_WINDOW_MAX_MINUTES)
  windowMinutes?: number;
}

export class SlackChannelDto {
  @ApiProperty({
    example: 'https://hooks.slack.com/services/T000/B000/XXXXXXXX',
    maxLength: ALERT_WEBHOOK_URL_MAX_LENGTH,
    description:
      'A Slack incoming webhook. https only (plain http is accepted for localhost outside ' +
      'production). Stored as a secret: answers show it masked.',
  })
  @IsString()
  @MaxLength(ALERT_WEBHOOK_URL_MAX_LENGTH)
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
    { message: 'webhookUrl must be an http(s) URL' },
  )
  webhookUrl!: string;
}

export class EmailChannelDto {
  @ApiProperty({ type: [String], example: ['oncall@example.com'], maxItems: 20 })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(ALERT_RULE_MAX_RECIPIENTS)
  @ArrayUnique()
  @MaxLength(254, { each: true })
  @IsEmail({}, { each: true, message: 'each recipient must be an e-mail address' })
  recipients!: string[];
}

export class AlertChannelsDto {
  @ApiPropertyOptional({ type: SlackChannelDto })
  @OptionalNotNull()
  @ValidateNested()
  @Type(() => SlackChannelDto)
  slack?: SlackChannelDto;

  @ApiPropertyOptional({ type: EmailChannelDto })
  @OptionalNotNull()
  @ValidateNested()
  @Type(() => EmailChannelDto)
  email?: EmailChannelDto;
}

/** A status condition as stored and answered: every field filled in, `null` where none was given. */
export class StoredStatusAlertConditionDto extends StatusAlertConditionDto {
  @ApiProperty({ type: String, nullable: true, example: 'rad_3kT9wQ1mZp8Lx2Vb7Nc4' })
  declare radSetId?: string;

  @ApiProperty({ type: String, nullable: true, example: 'pandc.*.recommendations.cart.*' })
  declare eventIdGlob?: string;

  @ApiProperty({ minimum: 1 })
  declare minEvents?: number;
}

function conditionSchemaOf(status: new () => StatusAlertConditionDto) {
  return {
    oneOf: [{ $ref: getSchemaPath(status) }, { $ref: getSchemaPath(FormulaAlertConditionDto) }],
    // Without the mapping, a client validating by discriminator looks for a schema named `status`.
    discriminator: {
      propertyName: 'kind',
      mapping: {
        status: getSchemaPath(status),
        formula: getSchemaPath(FormulaAlertConditionDto),
      },
    },
  };
}

const conditionSchema = conditionSchemaOf(StatusAlertConditionDto);

/** POST body of an alert rule; the optional fields take the defaults shown. */
@ApiExtraModels(StatusAlertConditionDto, FormulaAlertConditionDto)
export class CreateAlertRuleDto {
  @ApiProperty({ example: 'Feed traffic collapsed', maxLength: ALERT_RULE_NAME_MAX_LENGTH })
  @IsString()
  @Length(1, ALERT_RULE_NAME_MAX_LENGTH)
  @Matches(/\S/, { message: 'name must not be blank' })
  name!: string;

  @ApiPropertyOptional({ default: true })
  @OptionalNotNull()
  @IsBoolean()
  enabled?: boolean;

  @ApiProperty(conditionSchema)
  // ValidateNested alone passes a missing condition and an empty array (it walks the elements).
  @IsObject({ message: 'condition must be an object' })
  @ValidateNested()
  @Type(() => AlertConditionKindDto, {
    keepDiscriminatorProperty: true,
    discriminator: {
      property: 'kind',
      subTypes: [
        { value: StatusAlertConditionDto, name: 'status' },
        { value: FormulaAlertConditionDto, name: 'formula' },
      ],
    },
  })
  condition!: StatusAlertConditionDto | FormulaAlertConditionDto;

  @ApiPropertyOptional({ enum: ALERT_SEVERITIES, default: ALERT_DEFAULT_SEVERITY })
  @OptionalNotNull()
  @IsIn(ALERT_SEVERITIES)
  severity?: AlertSeverity;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: ALERT_COOLDOWN_MAX_MINUTES,
    default: ALERT_DEFAULT_COOLDOWN_MINUTES,
    description: 'After an alert resolves, no new alert of this rule opens for this long.',
  })
  @OptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(ALERT_COOLDOWN_MAX_MINUTES)
  cooldownMinutes?: number;

  @ApiPropertyOptional({
    type: AlertChannelsDto,
    description:
      'Where to notify on raise and resolve. Alerts are stored and published on /ws ' +
      'whatever the channels.',
  })
  @OptionalNotNull()
  @ValidateNested()
  @Type(() => AlertChannelsDto)
  channels?: AlertChannelsDto;
}

/**
 * PATCH body: the fields to change; the others keep their values. `condition` and `channels`
 * are replaced whole when given. `null` is refused.
 */
export class UpdateAlertRuleDto extends PartialType(CreateAlertRuleDto, {
  skipNullProperties: false,
}) {}

/** Message payloads: the id travels in the payload, the org in the envelope. */
export class AlertRuleIdDto {
  @IsString()
  @MaxLength(100)
  id!: string;
}

export class UpdateAlertRuleMessageDto extends UpdateAlertRuleDto {
  @IsString()
  @MaxLength(100)
  id!: string;
}

export class AlertIdDto {
  @IsString()
  @MaxLength(100)
  id!: string;
}

export class SlackChannelViewDto {
  @ApiProperty({
    example: 'https://hooks.slack.com/…XXXX',
    description: 'The webhook URL masked: its origin and last four characters.',
  })
  webhookUrl!: string;
}

export class AlertChannelsViewDto {
  @ApiPropertyOptional({ type: SlackChannelViewDto })
  slack?: SlackChannelViewDto;

  @ApiPropertyOptional({ type: EmailChannelDto })
  email?: EmailChannelDto;
}

@ApiExtraModels(StoredStatusAlertConditionDto, FormulaAlertConditionDto)
export class AlertRuleDto {
  @ApiProperty({ example: 'arl_3kT9wQ1mZp8Lx2Vb7Nc4' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  enabled!: boolean;

  @ApiProperty({
    ...conditionSchemaOf(StoredStatusAlertConditionDto),
    description: 'With its defaults filled in.',
  })
  condition!: AlertCondition;

  @ApiProperty({ enum: ALERT_SEVERITIES })
  severity!: AlertSeverity;

  @ApiProperty()
  cooldownMinutes!: number;

  @ApiProperty({ type: AlertChannelsViewDto })
  channels!: AlertChannelsViewDto;

  @ApiProperty({ description: 'User or API key that created it.' })
  createdBy!: string;

  @ApiProperty({ description: 'User or API key that changed it last.' })
  updatedBy!: string;

  @ApiProperty()
  createdAt!: string;

  @ApiProperty()
  updatedAt!: string;
}

export class AlertRuleListDto {
  @ApiProperty({ type: [AlertRuleDto] })
  items!: AlertRuleDto[];
}

/** One event id that made a status rule fire. */
export interface AlertEventDetail {
  readonly eventId: string;
  readonly status: HealthStatus;
  readonly radSet: string;
  readonly current: number;
  readonly baseline: number;
  readonly changePct: number | null;
}

export interface StatusAlertDetails {
  readonly kind: 'status';
  /** Event ids that matched (all of them, even past the listed ones). */
  readonly matched: number;
  /** The first matching event ids (at most 50), by event id. */
  readonly events: readonly AlertEventDetail[];
  /** The health window judged. */
  readonly windowFrom: string;
  readonly windowTo: string;
}

export interface FormulaAlertDetails {
  readonly kind: 'formula';
  readonly expression: string;
  readonly operator: AlertOperator;
  readonly threshold: number;
  readonly value: number;
  /** The interval the value is of. */
  readonly intervalFrom: string;
  readonly intervalTo: string;
}

export type AlertDetails = StatusAlertDetails | FormulaAlertDetails;

export class AlertDto {
  @ApiProperty({ example: 'alt_3kT9wQ1mZp8Lx2Vb7Nc4' })
  id!: string;

  @ApiProperty({ example: 'arl_3kT9wQ1mZp8Lx2Vb7Nc4' })
  ruleId!: string;

  @ApiProperty({ description: 'The rule’s name when the alert opened.' })
  ruleName!: string;

  @ApiProperty({ enum: ALERT_SEVERITIES })
  severity!: AlertSeverity;

  @ApiProperty({ enum: ALERT_STATUSES })
  status!: AlertStatus;

  @ApiProperty()
  openedAt!: string;

  @ApiProperty({ description: 'Last evaluation that found the condition still true.' })
  lastSeenAt!: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  resolvedAt!: string | null;

  @ApiPropertyOptional({ enum: ALERT_RESOLVED_REASONS, nullable: true })
  resolvedReason!: AlertResolvedReason | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'User or API key id.' })
  ackBy!: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  ackAt!: string | null;

  @ApiProperty({ example: '1 event CRITICAL: pandc.vnext.recommendations.feed.feed_click (−90%)' })
  summary!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'What made it fire, as of opening. `kind: status`: matched, events[] (eventId, status, ' +
      'radSet, current, baseline, changePct), windowFrom, windowTo. `kind: formula`: ' +
      'expression, operator, threshold, value, intervalFrom, intervalTo.',
  })
  details!: AlertDetails;
}

/** `a,b` in a query string, or an array from a message: a list either way. */
function commaSeparated({ value }: { value: unknown }): unknown {
  return typeof value === 'string' ? value.split(',').map((part) => part.trim()) : value;
}

/** Query of the alert list: newest first, in pages joined by `cursor`. */
export class ListAlertsDto {
  @ApiPropertyOptional({
    enum: ALERT_STATUSES,
    isArray: true,
    description: 'One status or several, comma-separated (`open,acknowledged`).',
  })
  @OptionalNotNull()
  @Transform(commaSeparated)
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsIn(ALERT_STATUSES, { each: true })
  status?: AlertStatus[];

  @ApiPropertyOptional({
    enum: ALERT_SEVERITIES,
    isArray: true,
    description: 'One severity or several, comma-separated.',
  })
  @OptionalNotNull()
  @Transform(commaSeparated)
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsIn(ALERT_SEVERITIES, { each: true })
  severity?: AlertSeverity[];

  @ApiPropertyOptional({ example: 'arl_3kT9wQ1mZp8Lx2Vb7Nc4' })
  @OptionalNotNull()
  @IsString()
  @Matches(ALERT_RULE_ID_PATTERN, { message: 'ruleId must be an alert rule id (arl_...)' })
  ruleId?: string;

  @ApiPropertyOptional({ example: '2026-11-20T00:00:00Z', description: 'Opened at or after.' })
  @OptionalNotNull()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ example: '2026-11-21T00:00:00Z', description: 'Opened before.' })
  @OptionalNotNull()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ description: '`nextCursor` of the previous page.' })
  @OptionalNotNull()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,200}$/, { message: 'cursor is not a cursor of this list' })
  cursor?: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: ALERT_LIST_MAX_LIMIT,
    default: ALERT_LIST_DEFAULT_LIMIT,
  })
  @OptionalNotNull()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(ALERT_LIST_MAX_LIMIT)
  limit?: number;
}

export class AlertPageDto {
  @ApiProperty({ type: [AlertDto], description: 'Newest opened first.' })
  items!: AlertDto[];

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last page.',
  })
  nextCursor!: string | null;
}

/** One event id whose status differs from the previous evaluation (null: not in the window). */
export interface TrafficStatusChange {
  readonly eventId: string;
  readonly radSet: string;
  readonly from: HealthStatus | null;
  readonly to: HealthStatus | null;
}

/** `data` of a `traffic.status.changed` live update. */
export interface TrafficStatusChangedUpdate {
  /** At most 500, by event id. */
  readonly changes: readonly TrafficStatusChange[];
  /** Changes left out past the first 500. */
  readonly truncated: number;
  /** How many event ids have each status now (statuses no event id has are left out). */
  readonly statusCounts: Readonly<Partial<Record<HealthStatus, number>>>;
  readonly windowFrom: string;
  readonly windowTo: string;
}
