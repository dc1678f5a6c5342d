// Steady traffic from one tenant while faults are injected: a writer that ingests small batches
// and, like any well-behaved client, sends a batch again under the same Idempotency-Key until it
// is acknowledged; and a reader of the dashboard. It records every answer, so a scenario can say
// when the system failed and when it was healthy again, and how many events were acknowledged.
import { randomUUID } from 'node:crypto';
import type { ApiClient } from '../client/api-client';

export const LOAD_EVENT_PREFIX = 'fault.load';

export interface Outcome {
  readonly at: number;
  readonly kind: 'ingest' | 'read';
  /** HTTP status, or 0 for a network error or timeout. */
  readonly status: number;
}

export class SteadyLoad {
  readonly outcomes: Outcome[] = [];
  /** Events in batches that got a 2xx (each batch counted once, at its first 2xx). */
  acknowledgedEvents = 0;
  acknowledgedBatches = 0;
  private running = false;
  private loops: Promise<void>[] = [];

  constructor(
    private readonly api: ApiClient,
    private readonly apiKey: string,
    private readonly options = { batchSize: 20, writers: 2, readers: 1, pauseMs: 100 },
  ) {}

  start(): void {
    this.running = true;
    for (let i = 0; i < this.options.writers; i++) this.loops.push(this.writer(i));
    for (let i = 0; i < this.options.readers; i++) this.loops.push(this.reader());
  }

  /** Stops sending; resolves once every batch in flight has been acknowledged. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
    this.loops = [];
  }

  /** Failed answers (non-2xx or no answer) since `since`. */
  failuresSince(since: number): Outcome[] {
    return this.outcomes.filter((o) => o.at >= since && (o.status === 0 || o.status >= 300));
  }

  successesSince(since: number, kind: Outcome['kind']): number {
    return this.outcomes.filter(
      (o) => o.at >= since && o.kind === kind && o.status < 300 && o.status > 0,
    ).length;
  }

  private async writer(index: number): Promise<void> {
    let sequence = 0;
    while (this.running) {
      const key = `load-${index}-${sequence++}-${randomUUID()}`;
      const events = Array.from({ length: this.options.batchSize }, (_, i) => ({
        eventId: `${LOAD_EVENT_PREFIX}.${i % 5}`,
        timestamp: new Date().toISOString(),
        count: 1 + ((sequence + i) % 3),
      }));
      const total = events.reduce((sum, e) => sum + e.count, 0);
      // Until acknowledged, even after stop(): an unacknowledged batch must not be left behind.
      for (;;) {
        const status = await this.send('ingest', () =>
          this.api.call('POST', '/api/v1/traffic/events', {
            apiKey: this.apiKey,
            body: { events },
            headers: { 'idempotency-key': key },
            timeoutMs: 10_000,
          }),
        );
        if (status >= 200 && status < 300) {
          this.acknowledgedEvents += total;
          this.acknowledgedBatches++;
          break;
        }
        await pause(250);
      }
      await pause(this.options.pauseMs);
    }
  }

  private async reader(): Promise<void> {
    while (this.running) {
      await this.send('read', () =>
        this.api.call('GET', '/api/v1/rad-sets', { apiKey: this.apiKey, timeoutMs: 10_000 }),
      );
      await pause(this.options.pauseMs);
    }
  }

  private async send(
    kind: Outcome['kind'],
    call: () => Promise<{ status: number }>,
  ): Promise<number> {
    let status = 0;
    try {
      status = (await call()).status;
    } catch {
      status = 0;
    }
    this.outcomes.push({ at: Date.now(), kind, status });
    return status;
  }
}

export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
