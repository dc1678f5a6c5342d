/**
 * Keeps computed values for a short time, and shares one computation between callers asking
 * for the same key at once (a dashboard opened by ten people computes once). A failed
 * computation is not kept.
 */
export class SnapshotCache<T> {
  private readonly entries = new Map<string, { value: Promise<T>; expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  getOrCompute(key: string, compute: () => Promise<T>): Promise<T> {
    const at = this.now();
    const cached = this.entries.get(key);
    if (cached && cached.expiresAt > at) return cached.value;
    if (cached) this.entries.delete(key);
    const value = compute();
    if (this.ttlMs <= 0) return value;
    this.entries.set(key, { value, expiresAt: at + this.ttlMs });
    void value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    this.evict();
    return value;
  }

  /** Drops the oldest entries (insertion order), expired or not, down to the cap. */
  private evict(): void {
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) return;
      this.entries.delete(key);
    }
  }
}
