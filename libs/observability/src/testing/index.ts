export * from './log-capture';
export * from './free-port';
