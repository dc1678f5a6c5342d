import { Module } from '@nestjs/common';
import { StripeGateway } from './stripe-gateway';

/** The Stripe client every feature shares (one breaker for the whole service). */
@Module({ providers: [StripeGateway], exports: [StripeGateway] })
export class StripeModule {}
