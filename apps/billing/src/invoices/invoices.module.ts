import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AccountsModule } from '../accounts/accounts.module';
import { DunningService } from '../dunning/dunning.service';
import { MessagingModule } from '../messaging/messaging.module';
import { InvoiceEventsService } from './invoice-events.service';
import { InvoiceRepository } from './invoice.repository';
import {
  ChargeRefund,
  ChargeRefundSchema,
  StoredInvoice,
  StoredInvoiceSchema,
} from './invoice.schema';

/** Invoices and refunds as Stripe reports them, and the dunning their failed payments start. */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: StoredInvoice.name, schema: StoredInvoiceSchema },
      { name: ChargeRefund.name, schema: ChargeRefundSchema },
    ]),
    AccountsModule,
    MessagingModule,
  ],
  providers: [InvoiceRepository, InvoiceEventsService, DunningService],
  exports: [InvoiceRepository, InvoiceEventsService, DunningService],
})
export class InvoicesModule {}
