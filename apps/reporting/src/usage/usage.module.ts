import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { UsageHour, UsageHourSchema } from './usage-hour.schema';
import { UsageHandler } from './usage.handler';
import { UsageRepository } from './usage.repository';
import { UsageService } from './usage.service';

/** The gateway's usage events, summed per org and hour for the report's usage section. */
@Module({
  imports: [MongooseModule.forFeature([{ name: UsageHour.name, schema: UsageHourSchema }])],
  controllers: [UsageHandler],
  providers: [UsageRepository, UsageService],
  exports: [UsageService],
})
export class UsageModule {}
