import type { HealthSnapshot } from '../health/health.service';
import type { RadSet } from '../rad-sets/rad-set.schema';

/** Organisations whose last answer one replica keeps. */
const MAX_ORGS = 200;
/** An answer older than this is never served: the request waits for a new one. */
const MAX_AGE_MS = 60_000;
/** A kept answer this old is served while a newer one is computed in the background. */
const REFRESH_AFTER_MS = 1_000;

interface Kept {
  readonly snapshot: HealthSnapshot;
  readonly at: number;
  refreshing: boolean;
}

/** What an answer was judged with: the config version and the RAD sets as they were read. */
export interface SnapshotBasis {
  readonly configVersion: number;
  readonly sets: readonly RadSet[];
}

/**
 * The dashboard's last answer per organisation (the window judged now), served while a newer
 * one is computed: a rolling window is computed again every minute (and after
 * HEALTH_CACHE_TTL_MS), and the requests arriving meanwhile would otherwise all wait for it.
 * An answer is served only while its config version and RAD sets are the current ones (a
 * change shows at once) and for at most a minute; at most one refresh per org runs at a time.
 */
export class RecentSnapshots {
  private readonly kept = new Map<string, Kept>();

  constructor(
    /** 0 turns this off (every request computes or reads the health cache itself). */
    private readonly enabled: boolean,
    private readonly now: () => number = Date.now,
  ) {}

  async get(
    orgId: string,
    basis: SnapshotBasis,
    compute: () => Promise<HealthSnapshot>,
  ): Promise<HealthSnapshot> {
    if (!this.enabled) return compute();
    const at = this.now();
    const kept = this.kept.get(orgId);
    if (kept && at - kept.at < MAX_AGE_MS && judgedWith(kept.snapshot, basis)) {
      if (at - kept.at >= REFRESH_AFTER_MS && !kept.refreshing) {
        kept.refreshing = true;
        // A failed refresh leaves the kept answer to age out; the next request tries again.
        void this.remember(orgId, compute, at)
          .catch(() => undefined)
          .finally(() => (kept.refreshing = false));
      }
      return kept.snapshot;
    }
    return this.remember(orgId, compute, at);
  }

  private async remember(
    orgId: string,
    compute: () => Promise<HealthSnapshot>,
    at: number,
  ): Promise<HealthSnapshot> {
    const snapshot = await compute();
    const current = this.kept.get(orgId);
    if (!current || current.at <= at) {
      this.kept.delete(orgId);
      this.kept.set(orgId, { snapshot, at, refreshing: false });
      for (const key of this.kept.keys()) {
        if (this.kept.size <= MAX_ORGS) break;
        this.kept.delete(key);
      }
    }
    return snapshot;
  }
}

function judgedWith(snapshot: HealthSnapshot, basis: SnapshotBasis): boolean {
  if (snapshot.window.configVersion !== basis.configVersion) return false;
  if (snapshot.sets.length !== basis.sets.length) return false;
  return snapshot.sets.every((set, index) => {
    const other = basis.sets[index];
    return other?._id === set._id && other.updatedAt.getTime() === set.updatedAt.getTime();
  });
}
