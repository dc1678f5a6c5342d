import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { BucketsModule } from '../buckets/buckets.module';
import { DashboardConfigHead, DashboardConfigHeadSchema } from './dashboard-config-head.schema';
import { DashboardConfigRepository } from './dashboard-config.repository';
import { DashboardConfigVersion, DashboardConfigVersionSchema } from './dashboard-config.schema';
import { DashboardConfigService } from './dashboard-config.service';

/**
 * The versioned dashboard settings, on their own so RAD sets (defaults for new sets) and
 * health (window, baseline) can read them without depending on the dashboard handlers.
 */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: DashboardConfigVersion.name, schema: DashboardConfigVersionSchema },
      { name: DashboardConfigHead.name, schema: DashboardConfigHeadSchema },
    ]),
    // Its Redis connection holds the cache revisions (org-cache-options.ts).
    BucketsModule,
  ],
  providers: [DashboardConfigRepository, DashboardConfigService],
  exports: [DashboardConfigService],
})
export class DashboardConfigModule {}
