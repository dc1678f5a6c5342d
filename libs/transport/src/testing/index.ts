export * from './transport-test-kit';
export * from './disposable-redis';
