import { Module } from '@nestjs/common';
import { BillingConfig } from '../config/billing.config';
import { PriceCatalog } from './price-catalog';

/** Which Stripe price sells which plan, from the configuration. */
@Module({
  providers: [
    { provide: PriceCatalog, useFactory: PriceCatalog.fromConfig, inject: [BillingConfig] },
  ],
  exports: [PriceCatalog],
})
export class PlansModule {}
