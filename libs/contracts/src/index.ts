export * from './envelope/message-envelope';
export * from './errors/error-code';
export * from './errors/error-payload';
export * from './errors/domain-error';
export * from './services/service-name';
export * from './services/system-patterns';
