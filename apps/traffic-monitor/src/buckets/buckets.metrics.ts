import { Injectable } from '@nestjs/common';
import { Gauge, register } from 'prom-client';
import { registeredCounter, registeredHistogram } from '@vantage/observability';

/** Prometheus series of bucket flushing; safe to create by two replicas in one test process. */
@Injectable()
export class BucketsMetrics {
  readonly flushSeconds = registeredHistogram(register, {
    name: 'vantage_ingest_flush_duration_seconds',
    help: 'Time one flush pass of one shard took, moving pending counts from Redis to MongoDB',
    buckets: [0.005, 0.025, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
  });

  readonly bucketsFlushed = registeredCounter<'resolution'>(register, {
    name: 'vantage_ingest_buckets_flushed_total',
    help: 'Bucket documents written by flushes (inserted or incremented), by resolution',
    labelNames: ['resolution'],
  });

  /** How far behind the flush is: the oldest due bucket's wait, 0 when nothing is overdue. */
  readonly flushLag = registeredGauge(
    'vantage_ingest_flush_lag_seconds',
    'How long the oldest pending bucket this replica saw has been due for flushing',
  );
}

function registeredGauge(name: string, help: string): Gauge {
  const existing = register.getSingleMetric(name);
  if (existing instanceof Gauge) return existing;
  if (existing) throw new Error(`metric ${name} is already registered with another type`);
  return new Gauge({ name, help, registers: [register] });
}
