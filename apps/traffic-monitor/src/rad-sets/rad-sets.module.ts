import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { BucketsModule } from '../buckets/buckets.module';
import { DashboardConfigModule } from '../dashboard/dashboard-config.module';
import { EventIdsModule } from '../event-ids/event-ids.module';
import { RadSetIndex, RadSetIndexSchema } from './rad-set-index.schema';
import { RadSet, RadSetSchema } from './rad-set.schema';
import { RadSetRepository } from './rad-set.repository';
import { RadSetsHandler } from './rad-sets.handler';
import { RadSetsService } from './rad-sets.service';

/** RAD sets (event classes by glob) per organisation; other modules read them via RadSetsService. */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: RadSet.name, schema: RadSetSchema },
      { name: RadSetIndex.name, schema: RadSetIndexSchema },
    ]),
    DashboardConfigModule,
    EventIdsModule,
    // Its Redis connection holds the cache revisions (dashboard/org-cache-options.ts).
    BucketsModule,
  ],
  controllers: [RadSetsHandler],
  providers: [RadSetRepository, RadSetsService],
  exports: [RadSetsService],
})
export class RadSetsModule {}
