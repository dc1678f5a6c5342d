import { Injectable } from '@nestjs/common';
import type { SampleRejectionDto } from '@vantage/contracts';
import { registeredCounter } from '@vantage/observability';
import { register } from 'prom-client';

/** Sample ingest counters; a batch answered from its idempotency key counts nothing again. */
@Injectable()
export class SamplesMetrics {
  private readonly ingested = registeredCounter(register, {
    name: 'vantage_telemetry_samples_ingested_total',
    help: 'Telemetry samples accepted and stored (once per batch, not on idempotent replays)',
  });

  private readonly rejected = registeredCounter<'reason'>(register, {
    name: 'vantage_telemetry_samples_rejected_total',
    help: 'Telemetry samples refused at ingest, by reason',
    labelNames: ['reason'],
  });

  private readonly batches = registeredCounter<'outcome'>(register, {
    name: 'vantage_telemetry_batches_total',
    help: 'Sample batches: stored, or replayed from their idempotency key',
    labelNames: ['outcome'],
  });

  stored(accepted: number, errors: readonly SampleRejectionDto[]): void {
    this.batches.inc({ outcome: 'stored' });
    if (accepted > 0) this.ingested.inc(accepted);
    for (const error of errors) this.rejected.inc({ reason: error.reason });
  }

  replayed(): void {
    this.batches.inc({ outcome: 'replayed' });
  }
}
