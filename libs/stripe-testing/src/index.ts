export * from './stripe-events';
