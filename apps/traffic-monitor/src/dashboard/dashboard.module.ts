import { Module } from '@nestjs/common';
import { HealthModule } from '../health/health.module';
import { DashboardConfigModule } from './dashboard-config.module';
import { DashboardHandler } from './dashboard.handler';
import { DashboardService } from './dashboard.service';

/** The dashboard's message API: stats, the event table, and the versioned config. */
@Module({
  imports: [HealthModule, DashboardConfigModule],
  controllers: [DashboardHandler],
  providers: [DashboardService],
})
export class DashboardModule {}
