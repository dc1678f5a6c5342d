import { Injectable } from '@nestjs/common';
import { register } from 'prom-client';
import { registeredCounter } from '@vantage/observability';
import type { IngestRejectionReason } from '@vantage/contracts';

/** Ingest counters; a batch answered from its Idempotency-Key counts nothing again. */
@Injectable()
export class IngestMetrics {
  private readonly ingested = registeredCounter(register, {
    name: 'vantage_events_ingested_total',
    help: 'Traffic events accepted and stored (once per batch, not on idempotent replays)',
  });

  private readonly rejected = registeredCounter<'reason'>(register, {
    name: 'vantage_events_rejected_total',
    help: 'Traffic events refused at ingest, by reason',
    labelNames: ['reason'],
  });

  private readonly batches = registeredCounter<'outcome'>(register, {
    name: 'vantage_ingest_batches_total',
    help: 'Ingested batches: stored, or replayed from their Idempotency-Key',
    labelNames: ['outcome'],
  });

  stored(accepted: number, rejections: ReadonlyMap<IngestRejectionReason, number>): void {
    this.batches.inc({ outcome: 'stored' });
    if (accepted > 0) this.ingested.inc(accepted);
    for (const [reason, count] of rejections) this.rejected.inc({ reason }, count);
  }

  replayed(): void {
    this.batches.inc({ outcome: 'replayed' });
  }
}
