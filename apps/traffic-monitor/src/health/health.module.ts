import { Module } from '@nestjs/common';
import { BucketsModule } from '../buckets/buckets.module';
import { DashboardConfigModule } from '../dashboard/dashboard-config.module';
import { RadSetsModule } from '../rad-sets/rad-sets.module';
import { HealthService } from './health.service';

/**
 * Event health against the baseline. Exports HealthService: `snapshot(orgId, asOf?)` for the
 * dashboard, `currentStatuses(orgId)` for the alert evaluator.
 */
@Module({
  imports: [BucketsModule, RadSetsModule, DashboardConfigModule],
  providers: [HealthService],
  exports: [HealthService],
})
export class HealthModule {}
