import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ScheduleModule } from '../schedule/schedule.module';
import { RoadmapItem, RoadmapItemSchema } from './roadmap-item.schema';
import { RoadmapItemRepository } from './roadmap-item.repository';
import { RoadmapHandler } from './roadmap.handler';
import { RoadmapService } from './roadmap.service';

/** Roadmap items kept by this service for the report's roadmap section. */
@Module({
  imports: [
    ScheduleModule,
    MongooseModule.forFeature([{ name: RoadmapItem.name, schema: RoadmapItemSchema }]),
  ],
  controllers: [RoadmapHandler],
  providers: [RoadmapItemRepository, RoadmapService],
  exports: [RoadmapService],
})
export class RoadmapModule {}
