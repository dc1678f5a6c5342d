export * from './start-test-service';
export * from './test-names';
