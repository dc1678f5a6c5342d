export { createInMemorySource, type InMemorySource, type TestEvent } from './in-memory-source';
