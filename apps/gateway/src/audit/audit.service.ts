import { randomBytes } from 'node:crypto';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type Model, type QueryFilter, trusted } from 'mongoose';
import { register } from 'prom-client';
import { currentContext, type Logger, registeredCounter } from '@vantage/observability';
import { SERVICE_LOGGER } from '@vantage/service-runtime';
import { type AuditAction, AuditEvent } from './audit.schema';

export interface AuditEntry {
  readonly orgId: string | null;
  readonly action: AuditAction;
  readonly outcome?: 'success' | 'failure';
  readonly actor: { readonly kind: string; readonly id: string | null };
  readonly targetId?: string | null;
  readonly ip?: string | null;
  readonly details?: Record<string, unknown>;
}

export interface AuditQuery {
  readonly orgId: string;
  readonly action?: AuditAction;
  readonly actorId?: string;
  readonly outcome?: 'success' | 'failure';
  readonly from?: Date;
  readonly to?: Date;
  readonly cursor?: string;
  readonly limit: number;
}

export interface AuditPage {
  readonly items: AuditEvent[];
  readonly nextCursor: string | null;
}

/** Time-ordered ids: 9 base36 digits of milliseconds keep lexical order = time order until 5188. */
export function newAuditId(now = Date.now()): string {
  return `aud_${now.toString(36).padStart(9, '0')}${randomBytes(6).toString('hex')}`;
}

@Injectable()
export class AuditService implements OnApplicationShutdown {
  /** Writes started by recordInBackground and not finished yet. */
  private readonly pending = new Set<Promise<void>>();
  private readonly writeFailures = registeredCounter(register, {
    name: 'vantage_audit_write_failures_total',
    help: 'Audit entries the store refused; each is in the log (error "audit event could not be stored")',
  });

  constructor(
    @InjectModel(AuditEvent.name) private readonly events: Model<AuditEvent>,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Records an event. The action it describes has already happened, so a failure to write the
   * record is logged (with everything in it) rather than undoing or failing the request.
   */
  async record(entry: AuditEntry): Promise<void> {
    const now = new Date();
    const event: AuditEvent = {
      _id: newAuditId(now.getTime()),
      orgId: entry.orgId,
      action: entry.action,
      outcome: entry.outcome ?? 'success',
      actorKind: entry.actor.kind,
      actorId: entry.actor.id,
      targetId: entry.targetId ?? null,
      ip: entry.ip ?? null,
      requestId: currentContext()?.requestId ?? null,
      details: entry.details ?? {},
      at: now,
    };
    try {
      await this.events.create(event);
    } catch (error) {
      this.writeFailures.inc();
      this.logger.error({ err: error, audit: event }, 'audit event could not be stored');
    }
  }

  /**
   * Records an event without making the caller wait for the store: the answer of a change goes
   * out while its entry is written. A failed write is logged with the whole entry (see record);
   * this replica's listing and its shutdown wait for the writes in flight, so none is dropped
   * and an admin sees their own change in the log at once.
   */
  recordInBackground(entry: AuditEntry): void {
    const write = this.record(entry).finally(() => this.pending.delete(write));
    this.pending.add(write);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.settled();
  }

  async list(query: AuditQuery): Promise<AuditPage> {
    await this.settled();
    const filter: QueryFilter<AuditEvent> = { orgId: query.orgId };
    if (query.action) filter.action = query.action;
    if (query.actorId) filter.actorId = query.actorId;
    if (query.outcome) filter.outcome = query.outcome;
    const idRange: Record<string, string> = {};
    if (query.cursor) idRange['$lt'] = query.cursor;
    if (query.to) idRange['$lt'] = minString(idRange['$lt'], boundaryId(query.to));
    if (query.from) idRange['$gte'] = boundaryId(query.from);
    if (Object.keys(idRange).length > 0) filter._id = trusted(idRange);
    const items = await this.events
      .find(filter)
      .sort({ _id: -1 })
      .limit(query.limit + 1)
      .lean<AuditEvent[]>();
    const hasMore = items.length > query.limit;
    const page = hasMore ? items.slice(0, query.limit) : items;
    return { items: page, nextCursor: hasMore ? (page[page.length - 1]?._id ?? null) : null };
  }

  private async settled(): Promise<void> {
    await Promise.all([...this.pending]);
  }
}

/** The smallest id any event at `at` or later can have, so time filters are id ranges too. */
function boundaryId(at: Date): string {
  return `aud_${at.getTime().toString(36).padStart(9, '0')}`;
}

function minString(a: string | undefined, b: string): string {
  return a === undefined || b < a ? b : a;
}
