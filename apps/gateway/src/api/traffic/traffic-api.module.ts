import { Module } from '@nestjs/common';
import { AuditModule } from '../../audit/audit.module';
import { RoutingModule } from '../../routing/routing.module';
import { MailApiModule } from '../mail/mail-api.module';
import { AlertsController } from './alerts.controller';
import { DashboardController } from './dashboard.controller';
import { ExperimentsController } from './experiments.controller';
import { FormulasController } from './formulas.controller';
import { IngestController } from './ingest.controller';
import { RadSetsController } from './rad-sets.controller';

/**
 * The traffic monitor's public API: each controller validates the request, and forwards it to
 * the traffic-monitor service through ServiceRouter (timeouts, circuit breaker).
 */
@Module({
  imports: [RoutingModule, MailApiModule, AuditModule],
  controllers: [
    RadSetsController,
    DashboardController,
    ExperimentsController,
    IngestController,
    FormulasController,
    AlertsController,
  ],
})
export class TrafficApiModule {}
