export * from './transport-test-kit';
export * from './disposable-redis';
export * from './send-together';
