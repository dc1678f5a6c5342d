import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { OptionalNotNull } from '../traffic/rad-sets';

/** Roadmap items, kept by the reporting service for the weekly report's roadmap section. */
export const ROADMAP_PATTERNS = {
  list: 'reporting.roadmap.list.1',
  get: 'reporting.roadmap.get.1',
  create: 'reporting.roadmap.create.1',
  update: 'reporting.roadmap.update.1',
  delete: 'reporting.roadmap.delete.1',
  velocity: 'reporting.roadmap.velocity.1',
} as const;

/** Roadmap item ids: `rmi_` and 20 base62 characters. */
export const ROADMAP_ITEM_ID_PATTERN = /^rmi_[A-Za-z0-9]{20}$/;

export const ROADMAP_STATUSES = ['planned', 'in_progress', 'blocked', 'done'] as const;
export type RoadmapStatus = (typeof ROADMAP_STATUSES)[number];

/** A calendar date: `2026-12-01`. */
export const CALENDAR_DATE_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export const ROADMAP_MAX_ITEMS = 1000;

export class CreateRoadmapItemDto {
  @ApiProperty({ example: 'Self-serve SSO', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  @Matches(/\S/, { message: 'title must not be blank' })
  title!: string;

  @ApiPropertyOptional({ enum: ROADMAP_STATUSES, default: 'planned' })
  @OptionalNotNull()
  @IsIn(ROADMAP_STATUSES)
  status?: RoadmapStatus;

  @ApiPropertyOptional({ example: 'ada@example.com', maxLength: 120 })
  @OptionalNotNull()
  @IsString()
  @Length(1, 120)
  owner?: string;

  @ApiPropertyOptional({ example: '2026-12-15', description: 'Due date.' })
  @OptionalNotNull()
  @Matches(CALENDAR_DATE_PATTERN, { message: 'due must be a date such as 2026-12-15' })
  due?: string;

  @ApiPropertyOptional({
    example: '2026-11-18T16:00:00Z',
    description: 'When it was done; set to now when the status becomes `done` without it.',
  })
  @OptionalNotNull()
  @IsISO8601({ strict: true })
  doneAt?: string;
}

/** PATCH body: the fields given change. Leaving `done` clears `doneAt`. */
export class UpdateRoadmapItemDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @OptionalNotNull()
  @IsString()
  @Length(1, 200)
  @Matches(/\S/, { message: 'title must not be blank' })
  title?: string;

  @ApiPropertyOptional({ enum: ROADMAP_STATUSES })
  @OptionalNotNull()
  @IsIn(ROADMAP_STATUSES)
  status?: RoadmapStatus;

  @ApiPropertyOptional({ maxLength: 120 })
  @OptionalNotNull()
  @IsString()
  @Length(1, 120)
  owner?: string;

  @ApiPropertyOptional({ example: '2026-12-15' })
  @OptionalNotNull()
  @Matches(CALENDAR_DATE_PATTERN, { message: 'due must be a date such as 2026-12-15' })
  due?: string;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsISO8601({ strict: true })
  doneAt?: string;
}

export class UpdateRoadmapItemMessageDto extends UpdateRoadmapItemDto {
  @IsString()
  @MaxLength(100)
  id!: string;
}

export class RoadmapItemIdDto {
  @IsString()
  @MaxLength(100)
  id!: string;
}

export class RoadmapItemDto {
  @ApiProperty({ example: 'rmi_3kT9wQ1mZp8Lx2Vb7Nc4' })
  id!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty({ enum: ROADMAP_STATUSES })
  status!: RoadmapStatus;

  @ApiPropertyOptional({ type: String, nullable: true })
  owner!: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '2026-12-15' })
  due!: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  doneAt!: string | null;

  @ApiProperty()
  createdAt!: string;

  @ApiProperty()
  updatedAt!: string;
}

export class ListRoadmapItemsDto {
  @ApiPropertyOptional({ enum: ROADMAP_STATUSES })
  @OptionalNotNull()
  @IsIn(ROADMAP_STATUSES)
  status?: RoadmapStatus;
}

export class RoadmapItemListDto {
  @ApiProperty({ type: [RoadmapItemDto], description: 'By status, then due date, then title.' })
  items!: RoadmapItemDto[];
}

export class RoadmapVelocityQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 52, default: 8 })
  @OptionalNotNull()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(52)
  weeks?: number;
}

export class RoadmapWeekDto {
  @ApiProperty({ example: '2026-W47' })
  week!: string;

  @ApiProperty({ description: 'Items done in that week.' })
  completed!: number;
}

export class RoadmapVelocityDto {
  @ApiProperty({
    type: [RoadmapWeekDto],
    description: "The last complete weeks in the org's time zone, oldest first.",
  })
  weeks!: RoadmapWeekDto[];

  @ApiProperty({ description: 'Average items done per week over those weeks.' })
  averagePerWeek!: number;
}
