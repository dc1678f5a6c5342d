import { Injectable } from '@nestjs/common';
import type { MailKind, RunStatus } from '@vantage/contracts';
import { register } from 'prom-client';
import { registeredCounter } from '@vantage/observability';

export type DeliveryOutcome = 'sent' | 'retried' | 'failed' | 'skipped';

/** Business counters of the mail: e-mails by kind and outcome, runs by kind and how they ended. */
@Injectable()
export class MailMetrics {
  private readonly emails = registeredCounter<'kind' | 'outcome'>(register, {
    name: 'vantage_reporting_emails_total',
    help: 'E-mail delivery attempts by kind (weekly, alert, dunning) and outcome',
    labelNames: ['kind', 'outcome'],
  });

  private readonly runs = registeredCounter<'kind' | 'status'>(register, {
    name: 'vantage_reporting_runs_total',
    help: 'Mail runs finished (or left for later) by kind and status',
    labelNames: ['kind', 'status'],
  });

  delivery(kind: MailKind, outcome: DeliveryOutcome): void {
    this.emails.inc({ kind, outcome });
  }

  run(kind: MailKind, status: RunStatus): void {
    this.runs.inc({ kind, status });
  }
}
