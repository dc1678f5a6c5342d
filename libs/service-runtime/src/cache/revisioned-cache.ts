import { randomBytes } from 'node:crypto';

/** The two Redis commands a revisioned cache uses (ioredis' `Redis` and `Cluster` both fit). */
export interface RevisionRedis {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<unknown>;
}

export interface RevisionedCacheOptions {
  /** The Redis key holding a scope's revision, e.g. `<prefix>:{tm-rev:rad-sets:<orgId>}`. */
  readonly revisionKey: (scope: string) => string;
  /** Scopes (organisations) one replica keeps at once; the least recently used go first. */
  readonly maxEntries: number;
  /**
   * A value is reloaded after this long even if the revision looks unchanged: the bound on
   * staleness should a revision write have been lost (Redis restarted between write and bump).
   */
  readonly safetyTtlMs: number;
  readonly now?: () => number;
}

interface Entry<T> {
  readonly revision: string | null;
  readonly value: Promise<T>;
  readonly loadedAt: number;
}

/**
 * Values that change rarely (an organisation's settings, its RAD sets), kept in memory on every
 * replica and checked against a revision in Redis on each use: one GET instead of a database
 * query, and a write on one replica is seen on the next request to any replica. Writers call
 * `changed(scope)` after their write is stored: it gives the scope a new random revision (not a
 * counter, which would repeat after a Redis restart and let an old value pass as current).
 *
 * The revision is read before the load, so a write that lands during a load leaves the value
 * stored under the older revision, and the next request loads again. Concurrent misses of one
 * scope and revision share one load; a failed load is not kept.
 */
export class RevisionedCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly now: () => number;

  constructor(
    private readonly redis: RevisionRedis,
    private readonly options: RevisionedCacheOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  async get(scope: string, load: () => Promise<T>): Promise<T> {
    const revision = await this.redis.get(this.options.revisionKey(scope));
    const at = this.now();
    const cached = this.entries.get(scope);
    if (cached && cached.revision === revision && at - cached.loadedAt < this.options.safetyTtlMs) {
      this.entries.delete(scope);
      this.entries.set(scope, cached); // most recently used last
      return cached.value;
    }
    const value = load();
    const entry: Entry<T> = { revision, value, loadedAt: at };
    this.entries.delete(scope);
    this.entries.set(scope, entry);
    value.catch(() => {
      if (this.entries.get(scope) === entry) this.entries.delete(scope);
    });
    this.evict();
    return value;
  }

  /** After a write of the scope's data: every replica (this one at once) loads it again. */
  async changed(scope: string): Promise<void> {
    this.entries.delete(scope);
    await this.redis.set(this.options.revisionKey(scope), randomBytes(9).toString('base64url'));
  }

  private evict(): void {
    for (const scope of this.entries.keys()) {
      if (this.entries.size <= this.options.maxEntries) return;
      this.entries.delete(scope);
    }
  }
}
