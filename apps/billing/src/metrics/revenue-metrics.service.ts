import { Injectable } from '@nestjs/common';
import {
  METRICS_MAX_PERIODS,
  type RevenueMetricsDto,
  type RevenueMetricsQueryDto,
  ValidationFailedError,
} from '@vantage/contracts';
import { BillingConfig } from '../config/billing.config';
import { InvoiceRepository } from '../invoices/invoice.repository';
import { SubscriptionRevisionRepository } from '../subscriptions/subscription-revision.repository';
import { periodsOf } from './metric-periods';
import { computeRevenueMetrics, type RevenueFacts } from './revenue-metrics';

/** Loads what the metrics of a range need, and computes them (see computeRevenueMetrics). */
@Injectable()
export class RevenueMetricsService {
  constructor(
    private readonly config: BillingConfig,
    private readonly revisions: SubscriptionRevisionRepository,
    private readonly invoices: InvoiceRepository,
  ) {}

  async compute(query: RevenueMetricsQueryDto): Promise<RevenueMetricsDto> {
    const from = new Date(query.from);
    const to = new Date(query.to);
    const granularity = query.granularity ?? 'month';
    if (!(from < to)) throw new ValidationFailedError('from must be before to');
    if (periodsOf(from, to, granularity).length > METRICS_MAX_PERIODS) {
      throw new ValidationFailedError(
        `the range holds more than ${METRICS_MAX_PERIODS} ${granularity}s; ask for a shorter one`,
      );
    }
    const [revisions, paid, failed, refunds] = await Promise.all([
      this.revisions.before(Math.ceil(to.getTime() / 1000)),
      this.invoices.paidBetween(from, to),
      this.invoices.failedBetween(from, to),
      this.invoices.refundsBefore(to),
    ]);
    const facts: RevenueFacts = {
      revisions: revisions.map((revision) => ({
        orgId: revision.orgId,
        version: { asOf: revision.asOf, rank: revision.rank },
        snapshot: revision.snapshot,
      })),
      payments: paid.flatMap((invoice) =>
        invoice.paidAt === null
          ? []
          : [
              {
                amount: invoice.amountPaid,
                currency: invoice.currency,
                at: invoice.paidAt.getTime() / 1000,
              },
            ],
      ),
      failures: failed.flatMap((invoice) =>
        invoice.currency === this.config.BILLING_CURRENCY
          ? invoice.failures.map((failure) => ({ at: new Date(failure.at).getTime() / 1000 }))
          : [],
      ),
      refunds: refunds.map((refund) => ({
        chargeId: refund.chargeId,
        currency: refund.currency,
        amountRefunded: refund.amountRefunded,
        at: refund.at.getTime() / 1000,
      })),
    };
    return computeRevenueMetrics(facts, {
      from,
      to,
      granularity,
      currency: this.config.BILLING_CURRENCY,
    });
  }
}
