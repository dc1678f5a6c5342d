export * from './ingest';
export * from './rad-sets';
export * from './dashboard';
export * from './experiments';
export * from './alerts';
export * from './formulas';
