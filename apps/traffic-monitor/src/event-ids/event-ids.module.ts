import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { EventIdCatalogue } from './event-id-catalogue';
import { EventIdCatalogueRepository } from './event-id-catalogue.repository';
import { EventIdCatalogueEntry, EventIdCatalogueEntrySchema } from './event-id-catalogue.schema';

/**
 * The catalogue of event ids each organisation has sent: written by the bucket flusher, read by
 * RAD set suggestions.
 */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: EventIdCatalogueEntry.name, schema: EventIdCatalogueEntrySchema },
    ]),
  ],
  providers: [EventIdCatalogueRepository, EventIdCatalogue],
  exports: [EventIdCatalogue],
})
export class EventIdsModule {}
