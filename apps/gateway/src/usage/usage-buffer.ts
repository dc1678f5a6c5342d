import { USAGE_MAX_RECORDS, type UsageRecordDto } from '@vantage/contracts';

/**
 * `buffered`: kept for the next flush; `batch-full`: kept, and the org now holds a full event's
 * worth, so it should be flushed now; `dropped`: refused, memory is at its cap.
 */
export type Admission = 'buffered' | 'batch-full' | 'dropped';

/**
 * Usage records per org until they are emitted. Memory is bounded: records count against the
 * capacity from the moment they are added until their emission has settled (`release`), so a
 * slow or failing Redis cannot make the gateway hold more than `capacity` records.
 */
export class UsageBuffer {
  private readonly byOrg = new Map<string, UsageRecordDto[]>();
  private heldCount = 0;

  constructor(
    private readonly capacity: number,
    private readonly batchSize: number = USAGE_MAX_RECORDS,
  ) {}

  /** Records buffered or being emitted. */
  get held(): number {
    return this.heldCount;
  }

  add(orgId: string, record: UsageRecordDto): Admission {
    if (this.heldCount >= this.capacity) return 'dropped';
    let records = this.byOrg.get(orgId);
    if (!records) {
      records = [];
      this.byOrg.set(orgId, records);
    }
    records.push(record);
    this.heldCount += 1;
    return records.length >= this.batchSize ? 'batch-full' : 'buffered';
  }

  /** Orgs with records waiting. */
  orgs(): string[] {
    return [...this.byOrg.keys()];
  }

  /**
   * Takes up to one event's worth of an org's records out of the buffer; they stay counted as
   * held until `release`.
   */
  take(orgId: string): UsageRecordDto[] {
    const records = this.byOrg.get(orgId);
    if (!records) return [];
    if (records.length <= this.batchSize) {
      this.byOrg.delete(orgId);
      return records;
    }
    return records.splice(0, this.batchSize);
  }

  /** Emission of `count` taken records has settled (sent or given up). */
  release(count: number): void {
    this.heldCount = Math.max(0, this.heldCount - count);
  }
}
