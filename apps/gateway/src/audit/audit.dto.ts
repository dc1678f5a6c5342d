import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, type TransformFnParams, Type } from 'class-transformer';
import {
  isRFC3339,
  IsDate,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { AUDIT_ACTIONS, type AuditAction } from './audit.schema';

/** A date-time (RFC 3339, as documented) becomes a Date; anything else stays and fails IsDate. */
function dateTimeOnly({ value }: TransformFnParams): unknown {
  return typeof value === 'string' && isRFC3339(value) ? new Date(value) : value;
}

export class AuditQueryDto {
  @ApiPropertyOptional({ enum: AUDIT_ACTIONS })
  @IsOptional()
  @IsIn(AUDIT_ACTIONS)
  action?: AuditAction;

  @ApiPropertyOptional({ description: 'User or API key id.' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  actorId?: string;

  @ApiPropertyOptional({ enum: ['success', 'failure'] })
  @IsOptional()
  @IsIn(['success', 'failure'])
  outcome?: 'success' | 'failure';

  @ApiPropertyOptional({ description: 'ISO 8601; events at or after.' })
  @IsOptional()
  @Transform(dateTimeOnly)
  @IsDate({ message: 'from must be a date-time such as 2026-11-20T00:00:00Z' })
  from?: Date;

  @ApiPropertyOptional({ description: 'ISO 8601; events before.' })
  @IsOptional()
  @Transform(dateTimeOnly)
  @IsDate({ message: 'to must be a date-time such as 2026-11-20T00:00:00Z' })
  to?: Date;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page.' })
  @IsOptional()
  @Matches(/^aud_[0-9a-z]{9}[0-9a-f]{12}$/, { message: 'cursor must be a nextCursor value' })
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit = 50;
}

export class AuditEventDto {
  @ApiProperty()
  id!: string;

  @ApiProperty({ enum: AUDIT_ACTIONS })
  action!: AuditAction;

  @ApiProperty({ enum: ['success', 'failure'] })
  outcome!: 'success' | 'failure';

  @ApiProperty({ example: 'user' })
  actorKind!: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  actorId!: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  targetId!: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  ip!: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  requestId!: string | null;

  @ApiProperty({ type: Object })
  details!: Record<string, unknown>;

  @ApiProperty()
  at!: string;
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEventDto] })
  items!: AuditEventDto[];

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'Pass as `cursor` for the next page.',
  })
  nextCursor!: string | null;
}
