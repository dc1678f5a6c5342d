// class-transformer keeps its @Type() metadata in a singleton its index does not export; the
// validation pipe builds nested DTOs from it, so the OpenAPI rules read the same store.
import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';

const storage = require('class-transformer/cjs/storage') as {
  readonly defaultMetadataStorage: MetadataStorage;
};

export const defaultMetadataStorage: MetadataStorage = storage.defaultMetadataStorage;
