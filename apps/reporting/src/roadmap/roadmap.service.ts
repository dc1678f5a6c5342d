import { Injectable } from '@nestjs/common';
import {
  type CreateRoadmapItemDto,
  NotFoundError,
  ROADMAP_ITEM_ID_PATTERN,
  ROADMAP_MAX_ITEMS,
  type RoadmapItemDto,
  type RoadmapStatus,
  type RoadmapVelocityDto,
  type UpdateRoadmapItemDto,
  ValidationFailedError,
} from '@vantage/contracts';
import { OrgCaps } from '@vantage/service-runtime';
import { ScheduleService } from '../schedule/schedule.service';
import { newId } from '../shared/ids';
import type { IsoWeek } from '../weekly/iso-week';
import { lastCompleteWeek } from '../weekly/report-schedule';
import { compareRoadmapItems, roadmapSection, weeklyCompletions } from './roadmap-figures';
import { type RoadmapItemChanges, RoadmapItemRepository } from './roadmap-item.repository';
import type { RoadmapItem } from './roadmap-item.schema';
import type { RoadmapSection } from '../weekly/report-model';

/** The organisation's roadmap items (CRUD), and how fast they get done. */
@Injectable()
export class RoadmapService {
  constructor(
    private readonly repository: RoadmapItemRepository,
    private readonly schedule: ScheduleService,
    private readonly caps: OrgCaps,
  ) {}

  async list(orgId: string, status?: RoadmapStatus): Promise<RoadmapItem[]> {
    return (await this.repository.list(orgId, status)).sort(compareRoadmapItems);
  }

  async get(orgId: string, id: string): Promise<RoadmapItem> {
    const item = ROADMAP_ITEM_ID_PATTERN.test(id)
      ? await this.repository.findById(orgId, id)
      : null;
    if (!item) throw new NotFoundError('no such roadmap item');
    return item;
  }

  async create(
    orgId: string,
    input: CreateRoadmapItemDto,
    messageId: string,
  ): Promise<RoadmapItem> {
    // Counted and inserted under one lock: concurrent creations cannot all see room for one more.
    return this.caps.createWithinLimit(
      orgId,
      'roadmap-items',
      ROADMAP_MAX_ITEMS,
      {
        existing: () => this.repository.findCreatedBy(orgId, messageId),
        count: () => this.repository.count(orgId),
        create: () => this.insertNew(orgId, input, messageId),
      },
      () =>
        new ValidationFailedError(`an organisation has at most ${ROADMAP_MAX_ITEMS} roadmap items`),
    );
  }

  private async insertNew(
    orgId: string,
    input: CreateRoadmapItemDto,
    messageId: string,
  ): Promise<RoadmapItem> {
    const now = new Date();
    const status = input.status ?? 'planned';
    const item: RoadmapItem = {
      _id: newId('rmi'),
      orgId,
      title: input.title.trim(),
      status,
      owner: input.owner?.trim() ?? null,
      due: validDue(input.due) ?? null,
      doneAt: doneAtFor(status, input.doneAt, null, now),
      createdByMessage: messageId,
      createdAt: now,
      updatedAt: now,
    };
    await this.repository.insert(item);
    return item;
  }

  /** Changes the fields given; entering `done` stamps doneAt (unless given), leaving clears it. */
  async update(orgId: string, id: string, input: UpdateRoadmapItemDto): Promise<RoadmapItem> {
    const existing = await this.get(orgId, id);
    const now = new Date();
    const status = input.status ?? existing.status;
    const changes: RoadmapItemChanges = {
      ...(input.title !== undefined ? { title: input.title.trim() } : {}),
      ...(input.owner !== undefined ? { owner: input.owner.trim() } : {}),
      ...(input.due !== undefined ? { due: validDue(input.due) } : {}),
      status,
      doneAt: doneAtFor(status, input.doneAt, existing.doneAt, now),
      updatedAt: now,
    };
    const updated = await this.repository.update(orgId, id, changes);
    if (!updated) throw new NotFoundError('no such roadmap item');
    return updated;
  }

  async delete(orgId: string, id: string): Promise<RoadmapItem> {
    await this.get(orgId, id);
    const deleted = await this.repository.delete(orgId, id);
    if (!deleted) throw new NotFoundError('no such roadmap item');
    return deleted;
  }

  async velocity(orgId: string, weeks: number, now = new Date()): Promise<RoadmapVelocityDto> {
    const { timeZone } = await this.schedule.settingsOf(orgId);
    const counts = weeklyCompletions(
      await this.repository.list(orgId, 'done'),
      lastCompleteWeek(now, timeZone),
      weeks,
      timeZone,
    );
    return {
      weeks: counts,
      averagePerWeek: counts.reduce((total, week) => total + week.completed, 0) / weeks,
    };
  }

  /** The weekly report's roadmap section; null when the org keeps no roadmap. */
  async reportSection(
    orgId: string,
    week: IsoWeek,
    timeZone: string,
  ): Promise<RoadmapSection | null> {
    const items = await this.repository.list(orgId);
    return items.length === 0 ? null : roadmapSection(items, week, timeZone);
  }
}

export function toRoadmapItemDto(item: RoadmapItem): RoadmapItemDto {
  return {
    id: item._id,
    title: item.title,
    status: item.status,
    owner: item.owner,
    due: item.due,
    doneAt: item.doneAt?.toISOString() ?? null,
    createdAt: item.createdAt.toISOString(),
    updatedAt: item.updatedAt.toISOString(),
  };
}

function doneAtFor(
  status: RoadmapStatus,
  given: string | undefined,
  existing: Date | null,
  now: Date,
): Date | null {
  if (status !== 'done') {
    if (given !== undefined) {
      throw new ValidationFailedError('the request is not valid', [
        { field: 'doneAt', message: 'doneAt is only for items with status done' },
      ]);
    }
    return null;
  }
  if (given !== undefined) {
    const at = new Date(given);
    if (at.getTime() > now.getTime() + 60_000) {
      throw new ValidationFailedError('the request is not valid', [
        { field: 'doneAt', message: 'doneAt must not be in the future' },
      ]);
    }
    return at;
  }
  return existing ?? now;
}

/** The pattern lets 2026-02-31 through; the calendar does not. */
function validDue(due: string | undefined): string | undefined {
  if (due === undefined) return undefined;
  const date = new Date(`${due}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== due) {
    throw new ValidationFailedError('the request is not valid', [
      { field: 'due', message: 'due must be a date that exists' },
    ]);
  }
  return due;
}
