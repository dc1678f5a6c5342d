import { Inject, Injectable } from '@nestjs/common';
import { EVENT_ID_CATALOGUE_MAX } from '@vantage/contracts';
import type { Logger } from '@vantage/observability';
import { SERVICE_LOGGER } from '@vantage/service-runtime';
import { EventIdCatalogueRepository } from './event-id-catalogue.repository';

/** Organisations whose catalogued ids one replica remembers at once (least recent dropped). */
const REMEMBERED_ORGS = 200;

/** What the catalogue holds for an organisation. */
export interface CataloguedEventIds {
  readonly eventIds: readonly string[];
  /** True once EVENT_ID_CATALOGUE_MAX ids are held: ids first sent later are not added. */
  readonly full: boolean;
}

/**
 * The distinct event ids each organisation has sent, kept by the bucket flusher as it writes
 * counts, so that RAD set suggestions read one document by key instead of scanning buckets.
 * Flushes of one organisation run one at a time (its shard's lock), so the catalogue has one
 * writer per organisation. Each replica remembers the ids it knows are stored: a flush of ids
 * already there costs no database call.
 */
@Injectable()
export class EventIdCatalogue {
  private readonly known = new Map<string, Set<string>>();

  constructor(
    private readonly repository: EventIdCatalogueRepository,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {}

  async list(orgId: string): Promise<CataloguedEventIds> {
    // Two replicas that each took the org's shard in turn may pass the cap by one flush's ids.
    const eventIds = (await this.repository.read(orgId)).slice(0, EVENT_ID_CATALOGUE_MAX);
    return { eventIds, full: eventIds.length >= EVENT_ID_CATALOGUE_MAX };
  }

  /**
   * Adds the ids not catalogued yet. A failure is logged, never thrown: the counts are stored
   * already, and the next flush carrying the ids (the hour's, the day's) adds them.
   */
  async record(orgId: string, eventIds: readonly string[]): Promise<void> {
    try {
      const known = this.known.get(orgId) ?? new Set(await this.repository.read(orgId));
      this.remember(orgId, known);
      const room = EVENT_ID_CATALOGUE_MAX - known.size;
      if (room <= 0) return;
      // Most flushes carry only ids already known: a lookup per id, nothing else.
      const added = new Set<string>();
      for (const id of eventIds) {
        if (added.size >= room) break;
        if (!known.has(id)) added.add(id);
      }
      if (added.size === 0) return;
      this.remember(orgId, new Set(await this.repository.add(orgId, [...added], new Date())));
    } catch (error) {
      this.known.delete(orgId);
      this.logger.warn({ err: error, orgId }, 'event ids not catalogued');
    }
  }

  /** Keeps the org's ids as the most recently used, dropping the least recent past the cap. */
  private remember(orgId: string, known: Set<string>): void {
    this.known.delete(orgId);
    this.known.set(orgId, known);
    while (this.known.size > REMEMBERED_ORGS) {
      const oldest = this.known.keys().next().value;
      if (oldest === undefined) break;
      this.known.delete(oldest);
    }
  }
}
