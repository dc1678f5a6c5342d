import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { SLO_SERVICE_PATTERN } from './slos';

/** Health scores (0-100, graded A+ to F) of services, from their golden signals. */
export const TELEMETRY_HEALTH_SCORE_PATTERNS = {
  list: 'telemetry.health-scores.list.1',
  get: 'telemetry.health-scores.get.1',
} as const;

export const HEALTH_COMPONENTS = ['latency', 'errors', 'cpu', 'memory', 'traffic'] as const;
export type HealthComponentName = (typeof HEALTH_COMPONENTS)[number];

export const HEALTH_GRADES = ['A+', 'A', 'A-', 'B+', 'B', 'B-', 'C+', 'C', 'C-', 'D', 'F'] as const;
export type HealthGrade = (typeof HEALTH_GRADES)[number];

export const SERVICE_HEALTH_STATUSES = ['healthy', 'degraded', 'critical', 'unknown'] as const;
export type ServiceHealthStatus = (typeof SERVICE_HEALTH_STATUSES)[number];

export class HealthScoreServiceMessage {
  @IsString()
  @Matches(SLO_SERVICE_PATTERN, { message: 'service must be a lower-case service name' })
  service!: string;
}

export class HealthComponentDto {
  @ApiProperty({ enum: HEALTH_COMPONENTS })
  name!: HealthComponentName;

  @ApiPropertyOptional({ nullable: true, type: Number, description: '0-100; null: no data.' })
  score!: number | null;

  @ApiPropertyOptional({ nullable: true, type: Number, description: 'The measured input.' })
  value!: number | null;

  @ApiProperty({ description: 'Configured weight; unknown components are left out.' })
  weight!: number;
}

export class HealthScoreDto {
  @ApiProperty({ example: 'gateway' })
  service!: string;

  @ApiPropertyOptional({ nullable: true, type: Number, description: '0-100; null without data.' })
  score!: number | null;

  @ApiPropertyOptional({ nullable: true, enum: HEALTH_GRADES })
  grade!: HealthGrade | null;

  @ApiProperty({ enum: SERVICE_HEALTH_STATUSES })
  status!: ServiceHealthStatus;

  @ApiProperty({ type: [HealthComponentDto] })
  components!: HealthComponentDto[];

  @ApiProperty({ description: 'Start of the window the signals were read over.' })
  from!: string;

  @ApiProperty()
  to!: string;
}

export class HealthScoreListDto {
  @ApiProperty({ type: [HealthScoreDto] })
  items!: HealthScoreDto[];
}
