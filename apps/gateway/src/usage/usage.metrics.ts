import { Injectable } from '@nestjs/common';
import { register } from 'prom-client';
import { registeredCounter } from '@vantage/observability';

/** Why usage records never reached reporting. */
export type UsageLossReason = 'buffer_full' | 'emit_failed';

/** The usage recorder's Prometheus series; safe to create in two apps of one test process. */
@Injectable()
export class UsageMetrics {
  private readonly emittedRecords = registeredCounter(register, {
    name: 'vantage_usage_records_emitted_total',
    help: 'Usage records emitted to reporting (gateway.usage.recorded)',
  });

  private readonly lostRecords = registeredCounter<'reason'>(register, {
    name: 'vantage_usage_records_dropped_total',
    help: 'Usage records dropped: buffer at its cap, or their event could not be emitted',
    labelNames: ['reason'],
  });

  private readonly failedEmits = registeredCounter(register, {
    name: 'vantage_usage_emit_failures_total',
    help: 'gateway.usage.recorded events that could not be emitted',
  });

  emitted(records: number): void {
    this.emittedRecords.inc(records);
  }

  dropped(reason: UsageLossReason, records = 1): void {
    this.lostRecords.inc({ reason }, records);
  }

  emitFailed(): void {
    this.failedEmits.inc();
  }
}
