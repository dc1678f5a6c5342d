import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { BreakerState } from './circuit-breaker';
import { DOWNSTREAM_SERVICES, type DownstreamService } from './downstream-services';

const BREAKER_STATES: readonly BreakerState[] = ['closed', 'half-open', 'open'];

/** One service as the gateway sees it right now. */
export class ServiceStatusDto {
  @ApiProperty({ enum: DOWNSTREAM_SERVICES, example: 'telemetry' })
  service!: DownstreamService;

  @ApiProperty({ description: 'Whether the service answered a ping routed to it just now' })
  reachable!: boolean;

  @ApiPropertyOptional({
    description: 'The replica that answered',
    example: 'pod-7f9c-1234-a1b2c3',
  })
  instance?: string;

  @ApiPropertyOptional({
    description: 'Gateway to service and back, in milliseconds',
    example: 1.8,
  })
  roundTripMs?: number;

  @ApiProperty({ enum: BREAKER_STATES, description: "State of the service's circuit breaker" })
  breaker!: BreakerState;

  @ApiPropertyOptional({ description: 'Why the service is not reachable' })
  problem?: string;
}

export class ServiceStatusListDto {
  @ApiProperty({ type: [ServiceStatusDto] })
  services!: ServiceStatusDto[];
}

/** A ping routed to a service through its circuit breaker, and its answer. */
export class ServicePingDto {
  @ApiProperty({ enum: DOWNSTREAM_SERVICES, example: 'telemetry' })
  service!: DownstreamService;

  @ApiProperty({ description: 'The replica that answered', example: 'pod-7f9c-1234-a1b2c3' })
  instance!: string;

  @ApiProperty({ description: 'How long that replica has been running', example: 3600 })
  uptimeSeconds!: number;

  @ApiProperty({ description: 'Gateway to service and back, in milliseconds', example: 1.8 })
  roundTripMs!: number;

  @ApiProperty({ enum: BREAKER_STATES, description: "State of the service's circuit breaker" })
  breaker!: BreakerState;
}
