interface Entry<T> {
  readonly value: Promise<T>;
  readonly expiresAt: number;
}

/** The last value computed for a group, and when its computation started. */
interface Latest<T> {
  readonly value: T;
  readonly at: number;
  refreshing: boolean;
}

/**
 * Keeps computed values for a short time, and shares one computation between callers asking
 * for the same key at once (a dashboard opened by ten people computes once). A failed
 * computation is not kept.
 *
 * Keys may belong to a group (e.g. an org's rolling window under one config and RAD set
 * revision, whose key moves on every minute): the group's last value can then be served for a
 * while after its key has moved on or expired (`getRecent`), while one newer value is computed.
 */
export class SnapshotCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly latest = new Map<string, Latest<T>>();

  constructor(
    /** 0 turns caching off: every call computes. */
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The value of `key`, computed unless a live one is kept; a computed value becomes its group's last. */
  getOrCompute(key: string, compute: () => Promise<T>, group?: string): Promise<T> {
    const at = this.now();
    const cached = this.entries.get(key);
    if (cached && cached.expiresAt > at) return cached.value;
    if (cached) this.entries.delete(key);
    const value = compute();
    if (this.ttlMs <= 0) return value;
    this.entries.set(key, { value, expiresAt: at + this.ttlMs });
    value.then(
      (settled) => {
        if (group !== undefined) this.remember(group, settled, at);
      },
      () => {
        if (this.entries.get(key)?.value === value) this.entries.delete(key);
      },
    );
    evictOldest(this.entries, this.maxEntries);
    return value;
  }

  /**
   * Stale-while-revalidate: the group's last value while it is younger than `maxAgeMs`, with at
   * most one computation of `key` per group running meanwhile if `key` holds no live value;
   * otherwise waits like `getOrCompute`. A failed refresh leaves the last value to age out.
   */
  getRecent(key: string, group: string, maxAgeMs: number, compute: () => Promise<T>): Promise<T> {
    const at = this.now();
    const kept = this.latest.get(group);
    if (this.ttlMs <= 0 || !kept || at - kept.at >= maxAgeMs) {
      return this.getOrCompute(key, compute, group);
    }
    const cached = this.entries.get(key);
    if (!kept.refreshing && !(cached && cached.expiresAt > at)) {
      kept.refreshing = true;
      void this.getOrCompute(key, compute, group)
        .catch(() => undefined)
        .finally(() => (kept.refreshing = false));
    }
    return Promise.resolve(kept.value);
  }

  private remember(group: string, value: T, at: number): void {
    const current = this.latest.get(group);
    if (current && current.at > at) return;
    this.latest.delete(group);
    this.latest.set(group, { value, at, refreshing: false });
    evictOldest(this.latest, this.maxEntries);
  }
}

/** Drops the oldest entries (insertion order), expired or not, down to the cap. */
function evictOldest(map: Map<string, unknown>, max: number): void {
  for (const key of map.keys()) {
    if (map.size <= max) return;
    map.delete(key);
  }
}
