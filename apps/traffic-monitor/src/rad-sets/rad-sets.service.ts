import { Injectable } from '@nestjs/common';
import {
  ConflictError,
  type CreateRadSetDto,
  type FieldError,
  NotFoundError,
  type Plan,
  type RadSetDto,
  type UpdateRadSetDto,
  ValidationFailedError,
} from '@vantage/contracts';
import { OrgCaps } from '@vantage/service-runtime';
import { DashboardConfigService } from '../dashboard/dashboard-config.service';
import { DEFAULT_RAD_SET_LEVELS, DEFAULT_RAD_SETS } from './rad-set-defaults';
import { newRadSetId } from './rad-set-id';
import { type RadSetChanges, RadSetRepository } from './rad-set.repository';
import type { RadSet } from './rad-set.schema';

/**
 * RAD sets per organisation: CRUD with validation, names unique per org (case-insensitive),
 * and the four default sets created on the organisation's first use.
 */
@Injectable()
export class RadSetsService {
  /** Orgs this replica knows are seeded (or is seeding), to check each once. */
  private readonly seeding = new Map<string, Promise<void>>();

  constructor(
    private readonly repository: RadSetRepository,
    private readonly dashboardConfig: DashboardConfigService,
    private readonly caps: OrgCaps,
  ) {}

  /** Every set of the org, by name (seeding the defaults on first use). */
  async list(orgId: string): Promise<RadSet[]> {
    await this.ensureSeeded(orgId);
    return this.repository.list(orgId);
  }

  async get(orgId: string, id: string): Promise<RadSet> {
    await this.ensureSeeded(orgId);
    const set = await this.repository.findById(orgId, id);
    if (!set) throw notFound();
    return set;
  }

  /**
   * Creates a set; thresholds, volumes and value left out take the dashboard config's
   * defaults. A redelivery of the same message answers the set it created. The plan caps how
   * many sets (the seeded defaults included) an org has.
   */
  async create(
    orgId: string,
    plan: Plan,
    input: CreateRadSetDto,
    messageId: string,
  ): Promise<RadSet> {
    await this.ensureSeeded(orgId);
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
      priority: input.priority ?? DEFAULT_RAD_SET_LEVELS.priority,
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
    return updated;
  }

  async delete(orgId: string, id: string): Promise<RadSet> {
    await this.ensureSeeded(orgId);
    const deleted = await this.repository.delete(orgId, id);
    if (!deleted) throw notFound();
    return deleted;
  }

  /**
   * Creates the default sets once per organisation. Two replicas seeding at once insert the
   * same names, and the unique name index keeps one of each; the seed marker then stops
   * deleted defaults from coming back.
   */
  private ensureSeeded(orgId: string): Promise<void> {
    let seeding = this.seeding.get(orgId);
    if (!seeding) {
      seeding = this.seed(orgId);
      this.seeding.set(orgId, seeding);
      // A failure (database down) is retried by the next request, not remembered.
      void seeding.catch(() => this.seeding.delete(orgId));
    }
    return seeding;
  }

  private async seed(orgId: string): Promise<void> {
    if (await this.repository.isSeeded(orgId)) return;
    const now = new Date();
    await this.repository.insertMissing(
      DEFAULT_RAD_SETS.map((defaults) => ({
        _id: newRadSetId(),
        orgId,
        name: defaults.name,
        nameKey: nameKey(defaults.name),
        pattern: defaults.pattern,
        colour: defaults.colour,
        enabled: true,
        priority: DEFAULT_RAD_SET_LEVELS.priority,
        criticalDropPct: DEFAULT_RAD_SET_LEVELS.criticalDropPct,
        warningDropPct: DEFAULT_RAD_SET_LEVELS.warningDropPct,
        minDailyVolume: DEFAULT_RAD_SET_LEVELS.minDailyVolume,
        highVolumeLevel: DEFAULT_RAD_SET_LEVELS.highVolumeLevel,
        valuePerEvent: defaults.valuePerEvent,
        seeded: true,
        createdAt: now,
        updatedAt: now,
      })),
    );
    await this.repository.markSeeded(orgId, now);
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

function nameKey(name: string): string {
  return name.trim().toLowerCase();
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
