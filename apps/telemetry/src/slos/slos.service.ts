import { Injectable } from '@nestjs/common';
import {
  type CreateSloDto,
  type FieldError,
  NotFoundError,
  SLO_DEFAULT_WINDOW_DAYS,
  SLO_ID_PATTERN,
  SLO_MAX_PER_ORG,
  type SloDto,
  STORED_SERIES_ID_PATTERN,
  type UpdateSloDto,
  ValidationFailedError,
} from '@vantage/contracts';
import { OrgCaps } from '@vantage/service-runtime';
import { SeriesCatalogue } from '../series/series-catalogue';
import { newSloId } from './slo-id';
import { SloRepository } from './slo.repository';
import type { Slo } from './slo.schema';

const SERIES_FIELDS = ['goodSeriesId', 'totalSeriesId', 'latencySeriesId'] as const;
const LATENCY_FIELDS = ['thresholdMs', 'percentile', 'latencySeriesId'] as const;

/** SLO definitions of an organisation: validation and CRUD (status is SloStatusService's). */
@Injectable()
export class SlosService {
  constructor(
    private readonly repository: SloRepository,
    private readonly catalogue: SeriesCatalogue,
    private readonly caps: OrgCaps,
  ) {}

  list(orgId: string): Promise<Slo[]> {
    return this.repository.list(orgId);
  }

  async get(orgId: string, id: string): Promise<Slo> {
    const slo = SLO_ID_PATTERN.test(id) ? await this.repository.findById(orgId, id) : null;
    if (!slo) throw new NotFoundError(`SLO ${id} not found`);
    return slo;
  }

  async create(orgId: string, input: CreateSloDto, messageId: string | null): Promise<Slo> {
    if (messageId !== null) {
      const earlier = await this.repository.findCreatedBy(orgId, messageId);
      if (earlier) return earlier;
    }
    await this.checkDefinition(orgId, input);
    // Counted and inserted under one lock: concurrent creations cannot all see room for one more.
    return this.caps.createWithinLimit(
      orgId,
      'slos',
      SLO_MAX_PER_ORG,
      {
        ...(messageId === null
          ? {}
          : { existing: () => this.repository.findCreatedBy(orgId, messageId) }),
        count: () => this.repository.count(orgId),
        create: () => this.insertNew(orgId, input, messageId),
      },
      () => invalid('name', `an organisation may define at most ${SLO_MAX_PER_ORG} SLOs`),
    );
  }

  private async insertNew(
    orgId: string,
    input: CreateSloDto,
    messageId: string | null,
  ): Promise<Slo> {
    const now = new Date();
    const latency = input.kind === 'latency';
    const slo: Slo = {
      _id: newSloId(),
      orgId,
      name: input.name.trim(),
      service: input.service,
      kind: input.kind,
      target: input.target,
      windowDays: input.windowDays ?? SLO_DEFAULT_WINDOW_DAYS,
      goodSeriesId: input.goodSeriesId ?? null,
      totalSeriesId: input.totalSeriesId ?? null,
      thresholdMs: latency ? (input.thresholdMs ?? null) : null,
      percentile:
        latency && input.latencySeriesId === undefined ? (input.percentile ?? 'p99') : null,
      latencySeriesId: input.latencySeriesId ?? null,
      firingRules: [],
      ...(messageId === null ? {} : { createdByMessage: messageId }),
      createdAt: now,
      updatedAt: now,
    };
    await this.repository.insert(slo);
    return slo;
  }

  async update(orgId: string, id: string, changes: UpdateSloDto): Promise<Slo> {
    const current = await this.get(orgId, id);
    if (current.kind === 'availability') {
      const errors = (['thresholdMs', 'percentile'] as const)
        .filter((field) => changes[field] !== undefined)
        .map((field) => ({ field, message: `${field} applies to latency SLOs only` }));
      if (errors.length > 0) throw new ValidationFailedError('invalid SLO change', errors);
    }
    if (changes.percentile !== undefined && current.latencySeriesId !== null)
      throw invalid('percentile', 'an SLO on its own latency series has no percentile');
    const updated = await this.repository.update(
      orgId,
      id,
      {
        ...(changes.name === undefined ? {} : { name: changes.name.trim() }),
        ...(changes.target === undefined ? {} : { target: changes.target }),
        ...(changes.windowDays === undefined ? {} : { windowDays: changes.windowDays }),
        ...(changes.thresholdMs === undefined ? {} : { thresholdMs: changes.thresholdMs }),
        ...(changes.percentile === undefined ? {} : { percentile: changes.percentile }),
      },
      new Date(),
    );
    if (!updated) throw new NotFoundError(`SLO ${id} not found`);
    return updated;
  }

  async delete(orgId: string, id: string): Promise<Slo> {
    const deleted = SLO_ID_PATTERN.test(id) ? await this.repository.delete(orgId, id) : null;
    if (!deleted) throw new NotFoundError(`SLO ${id} not found`);
    return deleted;
  }

  /** Kind-specific fields, and series ids that name stored series of this org. */
  private async checkDefinition(orgId: string, input: CreateSloDto): Promise<void> {
    const errors: FieldError[] = [];
    if (input.kind === 'availability') {
      for (const field of LATENCY_FIELDS)
        if (input[field] !== undefined)
          errors.push({ field, message: `${field} applies to latency SLOs only` });
      if ((input.goodSeriesId === undefined) !== (input.totalSeriesId === undefined))
        errors.push({
          field: input.goodSeriesId === undefined ? 'goodSeriesId' : 'totalSeriesId',
          message: 'goodSeriesId and totalSeriesId go together',
        });
    } else {
      for (const field of ['goodSeriesId', 'totalSeriesId'] as const)
        if (input[field] !== undefined)
          errors.push({ field, message: `${field} applies to availability SLOs only` });
      if (input.thresholdMs === undefined)
        errors.push({ field: 'thresholdMs', message: 'a latency SLO needs thresholdMs' });
      if (input.latencySeriesId !== undefined && input.percentile !== undefined)
        errors.push({
          field: 'percentile',
          message: 'percentile picks a golden-signal series: not with latencySeriesId',
        });
    }
    for (const field of SERIES_FIELDS) {
      const seriesId = input[field];
      if (seriesId === undefined) continue;
      if (!STORED_SERIES_ID_PATTERN.test(seriesId) || !(await this.exists(orgId, seriesId)))
        errors.push({ field, message: `${field} must name a stored series of the organisation` });
    }
    if (errors.length > 0) throw new ValidationFailedError('invalid SLO', errors);
  }

  private async exists(orgId: string, seriesId: string): Promise<boolean> {
    return (await this.catalogue.unknown(orgId, [seriesId])).length === 0;
  }
}

function invalid(field: string, message: string): ValidationFailedError {
  return new ValidationFailedError(message, [{ field, message }]);
}

export function toSloDto(slo: Slo): SloDto {
  return {
    id: slo._id,
    name: slo.name,
    service: slo.service,
    kind: slo.kind,
    target: slo.target,
    windowDays: slo.windowDays,
    goodSeriesId: slo.goodSeriesId ?? null,
    totalSeriesId: slo.totalSeriesId ?? null,
    thresholdMs: slo.thresholdMs ?? null,
    percentile: slo.percentile ?? null,
    latencySeriesId: slo.latencySeriesId ?? null,
    createdAt: slo.createdAt.toISOString(),
    updatedAt: slo.updatedAt.toISOString(),
  };
}
