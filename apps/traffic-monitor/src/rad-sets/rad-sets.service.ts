import { Inject, Injectable } from '@nestjs/common';
import {
  ConflictError,
  type CreateRadSetDto,
  type FieldError,
  NotFoundError,
  type Plan,
  type RadSetDto,
  type RadSetSuggestionListDto,
  type UpdateRadSetDto,
  ValidationFailedError,
} from '@vantage/contracts';
import { OrgCaps, RevisionedCache } from '@vantage/service-runtime';
import type { RedisClient } from '@vantage/transport';
import { BUCKETS_REDIS } from '../buckets/buckets-redis';
import { TrafficMonitorConfig } from '../config/traffic-monitor.config';
import { DashboardConfigService } from '../dashboard/dashboard-config.service';
import { orgCacheOptions } from '../dashboard/org-cache-options';
import { EventIdCatalogue } from '../event-ids/event-id-catalogue';
import { EXAMPLE_RAD_SET_LEVELS, EXAMPLE_RAD_SETS, type ExampleRadSet } from './rad-set-examples';
import { newRadSetId } from './rad-set-id';
import { radSetNameKey as nameKey } from './rad-set-name';
import { suggestRadSets } from './rad-set-suggestions';
import { type RadSetChanges, RadSetRepository } from './rad-set.repository';
import type { RadSet } from './rad-set.schema';

/** The example sets as added: those created now, and those whose name the org already used. */
export interface AddedExamples {
  readonly created: RadSet[];
  readonly alreadyPresent: RadSet[];
}

const HOW_TO_CREATE = 'POST the body of a suggestion to /api/v1/rad-sets to create it.';

/**
 * RAD sets per organisation: CRUD with validation, names unique per org (case-insensitive).
 * A new organisation has none; it may add the example sets, or sets suggested from the event
 * ids it sent.
 */
@Injectable()
export class RadSetsService {
  /** Every org's sets as health classifies with them on each request; see `changed`. */
  private readonly cache: RevisionedCache<readonly RadSet[]>;

  constructor(
    private readonly repository: RadSetRepository,
    private readonly dashboardConfig: DashboardConfigService,
    private readonly eventIds: EventIdCatalogue,
    private readonly caps: OrgCaps,
    @Inject(BUCKETS_REDIS) redis: RedisClient,
    config: TrafficMonitorConfig,
  ) {
    this.cache = new RevisionedCache(redis, orgCacheOptions(config, 'rad-sets'));
  }

  /**
   * Every set of the org, by name: from this replica's memory while the org's revision in Redis
   * is unchanged (one GET), so the dashboard does not query the sets on every request. Every
   * write below bumps the revision once stored, and the next read on any replica reloads.
   */
  async list(orgId: string): Promise<RadSet[]> {
    return [...(await this.cache.get(orgId, () => this.repository.list(orgId)))];
  }

  async get(orgId: string, id: string): Promise<RadSet> {
    const set = await this.repository.findById(orgId, id);
    if (!set) throw notFound();
    return set;
  }

  /**
   * Creates a set; thresholds, volumes and value left out take the dashboard config's
   * defaults. A redelivery of the same message answers the set it created. The plan caps how
   * many sets (examples included) an org has.
   */
  create(orgId: string, plan: Plan, input: CreateRadSetDto, messageId: string): Promise<RadSet> {
    return this.caps.create(orgId, plan, 'radSets', {
      existing: () => this.repository.findCreatedBy(orgId, messageId),
      count: () => this.repository.count(orgId),
      create: () => this.insertNew(orgId, input, messageId),
    });
  }

  private async insertNew(
    orgId: string,
    input: CreateRadSetDto,
    messageId: string,
  ): Promise<RadSet> {
    const { settings } = await this.dashboardConfig.currentSettings(orgId);
    const now = new Date();
    const set: RadSet = {
      _id: newRadSetId(),
      orgId,
      name: input.name.trim(),
      nameKey: nameKey(input.name),
      pattern: input.pattern,
      colour: input.colour.toLowerCase(),
      enabled: input.enabled ?? true,
      priority: input.priority ?? EXAMPLE_RAD_SET_LEVELS.priority,
      criticalDropPct: input.thresholds?.criticalDropPct ?? settings.criticalDropPct,
      warningDropPct: input.thresholds?.warningDropPct ?? settings.warningDropPct,
      minDailyVolume: input.minDailyVolume ?? settings.minDailyVolume,
      highVolumeLevel: input.highVolumeLevel ?? settings.highVolumeLevel,
      valuePerEvent: input.valuePerEvent ?? settings.valuePerEvent,
      seeded: false,
      createdByMessage: messageId,
      createdAt: now,
      updatedAt: now,
    };
    assertValid(set);
    if (!(await this.repository.insert(set))) throw duplicateName(set.name);
    await this.cache.changed(orgId);
    return set;
  }

  /** Changes the fields given; the others keep their values. */
  async update(orgId: string, id: string, input: UpdateRadSetDto): Promise<RadSet> {
    const existing = await this.get(orgId, id);
    const name = input.name?.trim() ?? existing.name;
    const changes: RadSetChanges = {
      name,
      nameKey: nameKey(name),
      pattern: input.pattern ?? existing.pattern,
      colour: input.colour?.toLowerCase() ?? existing.colour,
      enabled: input.enabled ?? existing.enabled,
      priority: input.priority ?? existing.priority,
      criticalDropPct: input.thresholds?.criticalDropPct ?? existing.criticalDropPct,
      warningDropPct: input.thresholds?.warningDropPct ?? existing.warningDropPct,
      minDailyVolume: input.minDailyVolume ?? existing.minDailyVolume,
      highVolumeLevel: input.highVolumeLevel ?? existing.highVolumeLevel,
      valuePerEvent: input.valuePerEvent ?? existing.valuePerEvent,
      updatedAt: new Date(),
    };
    assertValid(changes);
    if (await this.repository.nameTaken(orgId, changes.nameKey, id)) throw duplicateName(name);
    const updated = await this.repository.update(orgId, id, changes);
    if (updated === 'missing') throw notFound();
    if (updated === 'duplicate') throw duplicateName(name);
    await this.cache.changed(orgId);
    return updated;
  }

  async delete(orgId: string, id: string): Promise<RadSet> {
    const deleted = await this.repository.delete(orgId, id);
    if (!deleted) throw notFound();
    await this.cache.changed(orgId);
    return deleted;
  }

  /**
   * Adds each example set whose name the org does not use yet, all or none within the plan's
   * cap. Asked again (or redelivered), it creates nothing and answers the sets already there;
   * sets this message created count as created, so a redelivery answers the same.
   */
  addExamples(orgId: string, plan: Plan, messageId: string): Promise<AddedExamples> {
    return this.caps.withRoom(
      orgId,
      plan,
      'radSets',
      () => this.repository.count(orgId),
      async (room, lease) => {
        const byName = new Map(
          (await this.repository.list(orgId)).map((set) => [set.nameKey, set]),
        );
        const missing = EXAMPLE_RAD_SETS.filter((example) => !byName.has(nameKey(example.name)));
        if (missing.length > room) throw this.caps.limitReached('radSets', plan);
        if (missing.length > 0) await lease.confirm();
        const now = new Date();
        let raced = false;
        for (const example of missing) {
          const set = exampleSet(orgId, example, messageId, now);
          if (await this.repository.insert(set)) byName.set(set.nameKey, set);
          else raced = true;
        }
        if (missing.length > 0) await this.cache.changed(orgId);
        // Only a rename (not under the cap's lock) can take an example's name meanwhile.
        if (raced)
          for (const set of await this.repository.list(orgId)) byName.set(set.nameKey, set);
        const answer: AddedExamples = { created: [], alreadyPresent: [] };
        for (const example of EXAMPLE_RAD_SETS) {
          const set = byName.get(nameKey(example.name));
          if (!set) continue;
          (set.createdByMessage === messageId ? answer.created : answer.alreadyPresent).push(set);
        }
        return answer;
      },
    );
  }

  /** Sets proposed from the event ids the org sent that no enabled set matches yet. */
  async suggestions(orgId: string): Promise<RadSetSuggestionListDto> {
    const [catalogued, sets] = await Promise.all([this.eventIds.list(orgId), this.list(orgId)]);
    const { items, covered } = suggestRadSets(catalogued.eventIds, sets);
    return {
      items,
      eventIdsSeen: catalogued.eventIds.length,
      eventIdsCovered: covered,
      catalogueFull: catalogued.full,
      howToCreate: HOW_TO_CREATE,
    };
  }
}

export function toRadSetDto(set: RadSet): RadSetDto {
  return {
    id: set._id,
    name: set.name,
    pattern: set.pattern,
    colour: set.colour,
    enabled: set.enabled,
    priority: set.priority,
    thresholds: { criticalDropPct: set.criticalDropPct, warningDropPct: set.warningDropPct },
    minDailyVolume: set.minDailyVolume,
    highVolumeLevel: set.highVolumeLevel,
    valuePerEvent: set.valuePerEvent,
    seeded: set.seeded,
    createdAt: set.createdAt.toISOString(),
    updatedAt: set.updatedAt.toISOString(),
  };
}

function exampleSet(orgId: string, example: ExampleRadSet, messageId: string, now: Date): RadSet {
  return {
    _id: newRadSetId(),
    orgId,
    name: example.name,
    nameKey: nameKey(example.name),
    pattern: example.pattern,
    colour: example.colour,
    enabled: true,
    priority: EXAMPLE_RAD_SET_LEVELS.priority,
    criticalDropPct: EXAMPLE_RAD_SET_LEVELS.criticalDropPct,
    warningDropPct: EXAMPLE_RAD_SET_LEVELS.warningDropPct,
    minDailyVolume: EXAMPLE_RAD_SET_LEVELS.minDailyVolume,
    highVolumeLevel: EXAMPLE_RAD_SET_LEVELS.highVolumeLevel,
    valuePerEvent: example.valuePerEvent,
    seeded: true,
    createdByMessage: messageId,
    createdAt: now,
    updatedAt: now,
  };
}

/** Rules across fields, which the DTO's per-field rules cannot see. */
function assertValid(set: RadSetChanges): void {
  const errors: FieldError[] = [];
  if (set.warningDropPct >= set.criticalDropPct) {
    errors.push({
      field: 'thresholds.warningDropPct',
      message: `warningDropPct (${set.warningDropPct}) must be below criticalDropPct (${set.criticalDropPct})`,
    });
  }
  if (set.highVolumeLevel < set.minDailyVolume) {
    errors.push({
      field: 'highVolumeLevel',
      message: `highVolumeLevel (${set.highVolumeLevel}) must not be below minDailyVolume (${set.minDailyVolume})`,
    });
  }
  if (errors.length > 0) throw new ValidationFailedError('the RAD set is not valid', errors);
}

function notFound(): NotFoundError {
  return new NotFoundError('no such RAD set');
}

function duplicateName(name: string): ConflictError {
  return new ConflictError(`a RAD set named "${name}" already exists`);
}
