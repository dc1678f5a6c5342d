export * from './verify-stripe-event';
