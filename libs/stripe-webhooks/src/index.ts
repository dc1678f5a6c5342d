export * from './verify-stripe-event';
export * from './webhook-config';
