import { Injectable } from '@nestjs/common';
import { registeredCounter } from '@vantage/observability';
import { register } from 'prom-client';

/** E-mails not sent because their org had used up its daily quota, by kind. */
@Injectable()
export class MailQuotaMetrics {
  private readonly refusals = registeredCounter<'kind'>(register, {
    name: 'vantage_reporting_mail_quota_refused_total',
    help: 'E-mails not sent (or requests refused) because the org had used its daily mail quota',
    labelNames: ['kind'],
  });

  refused(kind: string, count = 1): void {
    this.refusals.inc({ kind }, count);
  }
}
