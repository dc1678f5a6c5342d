import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { DomainError, NotFoundError } from '@vantage/contracts';
import { TransportError } from '@vantage/transport';
import { ApiAuthenticated } from '../shared/openapi';
import { DOWNSTREAM_SERVICES, isDownstreamService } from './downstream-services';
import { ServiceRouter } from './service-router';
import { ServicePingDto, ServiceStatusDto, ServiceStatusListDto } from './system-services.dto';

/**
 * Which services the gateway reaches, through the same router and breakers as every API call:
 * for operators, and the routed request the gateway benchmark measures.
 */
@ApiTags('system')
@Controller('api/v1/system/services')
export class SystemServicesController {
  constructor(private readonly router: ServiceRouter) {}

  @Get()
  @ApiOperation({ summary: 'Ping every service and report reachability and breaker state' })
  @ApiOkResponse({
    type: ServiceStatusListDto,
    description:
      'Every service, reachable or not; a service that does not answer is reported, not failed',
  })
  @ApiAuthenticated()
  async list(): Promise<ServiceStatusListDto> {
    const services = await Promise.all(
      DOWNSTREAM_SERVICES.map(async (service): Promise<ServiceStatusDto> => {
        try {
          const reply = await this.router.ping(service);
          return {
            service,
            reachable: true,
            instance: reply.instance,
            roundTripMs: reply.roundTripMs,
            breaker: this.router.breakerState(service),
          };
        } catch (error) {
          return {
            service,
            reachable: false,
            breaker: this.router.breakerState(service),
            problem: publicReason(error),
          };
        }
      }),
    );
    return { services };
  }

  @Get(':service/ping')
  @ApiOperation({ summary: 'Ping one service through its route and circuit breaker' })
  @ApiParam({ name: 'service', enum: DOWNSTREAM_SERVICES })
  @ApiOkResponse({ type: ServicePingDto, description: 'The service answered' })
  @ApiAuthenticated(404, 503)
  async ping(@Param('service') service: string): Promise<ServicePingDto> {
    if (!isDownstreamService(service)) throw new NotFoundError(`no service named "${service}"`);
    const reply = await this.router.ping(service);
    return {
      service,
      instance: reply.instance,
      uptimeSeconds: reply.uptimeSeconds,
      roundTripMs: reply.roundTripMs,
      breaker: this.router.breakerState(service),
    };
  }
}

/** What a caller may read of a failure: domain and downstream messages, nothing internal. */
function publicReason(error: unknown): string {
  if (error instanceof DomainError || error instanceof TransportError) return error.message;
  return 'internal error';
}
