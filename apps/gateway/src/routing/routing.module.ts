import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { READINESS_CONTRIBUTOR } from '@vantage/service-runtime';
import { ServiceRouter } from './service-router';
import { ServicesReadiness } from './services-readiness';
import { SystemServicesController } from './system-services.controller';

/**
 * Routing to the services: ServiceRouter (timeouts, circuit breakers) for the API controllers,
 * the services' reachability in /health/ready, and the system API that shows both.
 */
@Module({
  imports: [TerminusModule],
  controllers: [SystemServicesController],
  providers: [
    ServiceRouter,
    ServicesReadiness,
    { provide: READINESS_CONTRIBUTOR, useExisting: ServicesReadiness },
  ],
  exports: [ServiceRouter],
})
export class RoutingModule {}
