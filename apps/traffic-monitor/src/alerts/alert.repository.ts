import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { AlertResolvedReason, AlertSeverity, AlertStatus } from '@vantage/contracts';
import { type Model, type QueryFilter, trusted } from 'mongoose';
import { Alert } from './alert.schema';

const DUPLICATE_KEY = 11000;
const ACTIVE: readonly AlertStatus[] = ['open', 'acknowledged'];

/** What the alert list can be narrowed by; `after` is the last alert of the previous page. */
export interface AlertListFilter {
  readonly statuses?: readonly AlertStatus[];
  readonly severities?: readonly AlertSeverity[];
  readonly ruleId?: string;
  readonly from?: Date;
  readonly to?: Date;
  readonly after?: { readonly openedAt: Date; readonly id: string };
}

/**
 * The filters of the alert queries, each a flat document whose equalities sit at the top level
 * (the org first), where the store can narrow by them (FerretDB pushes top-level equalities
 * down; a `$and` around them hides them). Explain-tested in test/alert-queries.int-spec.ts.
 */
export const alertFilters = {
  one: (orgId: string, id: string) => ({ _id: id, orgId }),
  ofRule: (orgId: string, ruleId: string) => ({ orgId, ruleId }),
  activeOfRule: (orgId: string, ruleId: string) => ({
    orgId,
    ruleId,
    status: trusted({ $in: [...ACTIVE] }),
  }),
  active: (orgId: string, id: string) => ({
    _id: id,
    orgId,
    status: trusted({ $in: [...ACTIVE] }),
  }),
  open: (orgId: string, id: string) => ({ _id: id, orgId, status: 'open' as const }),
  page: alertPageFilter,
} as const;

/** The alert list's filter: every condition at the top level, beside the org. */
export function alertPageFilter(orgId: string, filter: AlertListFilter): QueryFilter<Alert> {
  const query: QueryFilter<Alert> = { orgId };
  if (filter.statuses) query.status = trusted({ $in: [...filter.statuses] });
  if (filter.severities) query.severity = trusted({ $in: [...filter.severities] });
  if (filter.ruleId) query.ruleId = filter.ruleId;
  if (filter.from || filter.to) {
    query.openedAt = trusted({
      ...(filter.from ? { $gte: filter.from } : {}),
      ...(filter.to ? { $lt: filter.to } : {}),
    });
  }
  if (filter.after) {
    const { openedAt, id } = filter.after;
    query.$or = [{ openedAt: trusted({ $lt: openedAt }) }, { openedAt, _id: trusted({ $lt: id }) }];
  }
  return query;
}

/** The only place that touches the alert collection. Every query is scoped by org. */
@Injectable()
export class AlertRepository {
  private indexes?: Promise<unknown>;

  constructor(@InjectModel(Alert.name) private readonly alerts: Model<Alert>) {}

  findById(orgId: string, id: string): Promise<Alert | null> {
    return this.alerts.findOne(alertFilters.one(orgId, id)).lean<Alert>().exec();
  }

  /** The rule's newest alert (open or not): its current episode, or the last one that ended. */
  latestOfRule(orgId: string, ruleId: string): Promise<Alert | null> {
    return this.alerts
      .findOne(alertFilters.ofRule(orgId, ruleId))
      .sort({ seq: -1 })
      .lean<Alert>()
      .exec();
  }

  /** The rule's alerts still open or acknowledged. */
  activeOfRule(orgId: string, ruleId: string): Promise<Alert[]> {
    return this.alerts.find(alertFilters.activeOfRule(orgId, ruleId)).lean<Alert[]>().exec();
  }

  /**
   * Inserts the alert unless the rule already has one with its `seq`: false means another
   * evaluation opened this episode first, and this one must not notify.
   */
  async insertIfNew(alert: Alert): Promise<boolean> {
    // The unique (orgId, ruleId, seq) index is what makes this safe: build it before relying on it.
    await this.ensureIndexes();
    try {
      await this.alerts.create(alert);
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  /** Records that the condition still holds; nothing for an alert already resolved. */
  async touch(orgId: string, id: string, at: Date): Promise<void> {
    await this.alerts
      .updateOne(alertFilters.active(orgId, id), { $set: { lastSeenAt: at } })
      .exec();
  }

  /**
   * Resolves an open or acknowledged alert. Null when it was not active (another evaluation,
   * or a rule deletion, resolved it first): only the caller that got the alert notifies.
   */
  resolve(orgId: string, id: string, at: Date, reason: AlertResolvedReason): Promise<Alert | null> {
    return this.alerts
      .findOneAndUpdate(
        alertFilters.active(orgId, id),
        { $set: { status: 'resolved', resolvedAt: at, resolvedReason: reason } },
        { returnDocument: 'after' },
      )
      .lean<Alert>()
      .exec();
  }

  /** Acknowledges an open alert; null when it is not open (missing, acknowledged, resolved). */
  acknowledge(orgId: string, id: string, by: string, at: Date): Promise<Alert | null> {
    return this.alerts
      .findOneAndUpdate(
        alertFilters.open(orgId, id),
        { $set: { status: 'acknowledged', ackBy: by, ackAt: at } },
        { returnDocument: 'after' },
      )
      .lean<Alert>()
      .exec();
  }

  /** Newest opened first (ties by id, descending), `limit` at most. */
  page(orgId: string, filter: AlertListFilter, limit: number): Promise<Alert[]> {
    return this.alerts
      .find(alertPageFilter(orgId, filter))
      .sort({ openedAt: -1, _id: -1 })
      .limit(limit)
      .lean<Alert[]>()
      .exec();
  }

  private ensureIndexes(): Promise<unknown> {
    if (!this.indexes) {
      this.indexes = this.alerts.createIndexes();
      // A failure (database away) is retried by the next caller, not remembered.
      void this.indexes.catch(() => (this.indexes = undefined));
    }
    return this.indexes;
  }
}

function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === DUPLICATE_KEY;
}
