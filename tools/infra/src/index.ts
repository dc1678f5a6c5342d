export * from './infra';
export * from './infra-lease';
