export * from './transport-test-kit';
