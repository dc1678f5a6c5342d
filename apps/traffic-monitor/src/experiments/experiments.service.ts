import { Injectable } from '@nestjs/common';
import {
  ConflictError,
  type CreateExperimentDto,
  EXPERIMENT_DEFAULT_WINDOW_DAYS,
  EXPERIMENT_MAX_WINDOW_DAYS,
  type ExperimentDto,
  type ExperimentHealthDto,
  type ExperimentHealthQueryDto,
  type FieldError,
  NotFoundError,
  type Plan,
  type UpdateExperimentDto,
  ValidationFailedError,
} from '@vantage/contracts';
import { OrgCaps } from '@vantage/service-runtime';
import { BucketReader } from '../buckets/bucket-reader';
import { EventIdCatalogue } from '../event-ids/event-id-catalogue';
import { selectEventIds } from '../event-ids/event-id-selection';
import { assessExperiment } from './experiment-health';
import {
  type ExperimentChanges,
  experimentDocumentId,
  ExperimentRepository,
} from './experiment.repository';
import type { Experiment } from './experiment.schema';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const DEFAULT_MIN_CTR_PCT = 1;
const DEFAULT_MAX_ERROR_RATE_PCT = 10;

/** Experiment configuration per organisation, and each experiment's health from its events. */
@Injectable()
export class ExperimentsService {
  constructor(
    private readonly repository: ExperimentRepository,
    private readonly reader: BucketReader,
    private readonly eventIds: EventIdCatalogue,
    private readonly caps: OrgCaps,
  ) {}

  list(orgId: string): Promise<Experiment[]> {
    return this.repository.list(orgId);
  }

  async get(orgId: string, key: string): Promise<Experiment> {
    const experiment = await this.repository.find(orgId, key);
    if (!experiment) throw new NotFoundError('no such experiment');
    return experiment;
  }

  /**
   * Within the plan's cap on experiments; a redelivery of the same message answers the
   * experiment it created.
   */
  create(
    orgId: string,
    plan: Plan,
    input: CreateExperimentDto,
    messageId: string,
  ): Promise<Experiment> {
    return this.caps.create(orgId, plan, 'experiments', {
      existing: async () => {
        const existing = await this.repository.find(orgId, input.key);
        return existing?.createdByMessage === messageId ? existing : null;
      },
      count: () => this.repository.count(orgId),
      create: () => this.insertNew(orgId, input, messageId),
    });
  }

  private async insertNew(
    orgId: string,
    input: CreateExperimentDto,
    messageId: string,
  ): Promise<Experiment> {
    const now = new Date();
    const experiment: Experiment = {
      _id: experimentDocumentId(orgId, input.key),
      orgId,
      key: input.key,
      name: input.name ?? input.key,
      variants: input.variants.map(({ name, weight }) => ({ name, weight })),
      controlVariant: input.controlVariant,
      impressionEventGlob: input.impressionEventGlob,
      clickEventGlob: input.clickEventGlob ?? null,
      errorEventGlob: input.errorEventGlob ?? null,
      minCtrPct: input.minCtrPct ?? DEFAULT_MIN_CTR_PCT,
      maxErrorRatePct: input.maxErrorRatePct ?? DEFAULT_MAX_ERROR_RATE_PCT,
      startedAt: input.startedAt ? new Date(input.startedAt) : null,
      createdByMessage: messageId,
      createdAt: now,
      updatedAt: now,
    };
    assertValid(experiment);
    if (!(await this.repository.insert(experiment))) {
      throw new ConflictError(`an experiment with key "${input.key}" already exists`);
    }
    return experiment;
  }

  /** Changes the fields given; `null` removes a click/error glob or the start. */
  async update(orgId: string, key: string, input: UpdateExperimentDto): Promise<Experiment> {
    const existing = await this.get(orgId, key);
    const changes: ExperimentChanges = {
      name: input.name ?? existing.name,
      variants: input.variants?.map(({ name, weight }) => ({ name, weight })) ?? existing.variants,
      controlVariant: input.controlVariant ?? existing.controlVariant,
      impressionEventGlob: input.impressionEventGlob ?? existing.impressionEventGlob,
      clickEventGlob:
        input.clickEventGlob === undefined ? existing.clickEventGlob : input.clickEventGlob,
      errorEventGlob:
        input.errorEventGlob === undefined ? existing.errorEventGlob : input.errorEventGlob,
      minCtrPct: input.minCtrPct ?? existing.minCtrPct,
      maxErrorRatePct: input.maxErrorRatePct ?? existing.maxErrorRatePct,
      startedAt:
        input.startedAt === undefined
          ? existing.startedAt
          : input.startedAt === null
            ? null
            : new Date(input.startedAt),
      updatedAt: new Date(),
    };
    assertValid(changes);
    const updated = await this.repository.update(orgId, key, changes);
    if (!updated) throw new NotFoundError('no such experiment');
    return updated;
  }

  async delete(orgId: string, key: string): Promise<Experiment> {
    const deleted = await this.repository.delete(orgId, key);
    if (!deleted) throw new NotFoundError('no such experiment');
    return deleted;
  }

  /**
   * Impressions (and clicks and errors, where configured) per variant over the window, from
   * hourly buckets: events matching the glob whose `experiment` dimension is the key, read as
   * the catalogued event ids the glob matches.
   */
  async health(
    orgId: string,
    key: string,
    query: ExperimentHealthQueryDto,
  ): Promise<ExperimentHealthDto> {
    const experiment = await this.get(orgId, key);
    const window = healthWindow(experiment, query, new Date());
    const catalogued = await this.eventIds.list(orgId);
    const countVariants = async (glob: string | null) => {
      if (glob === null) return undefined;
      const byVariant = new Map<string, number>();
      const selection = selectEventIds(glob, catalogued);
      const totals = await this.reader.totalsBy(
        {
          orgId,
          resolution: 'hour',
          from: window.from,
          to: window.to,
          ...selection,
          dimensions: { experiment: experiment.key },
        },
        ['variant'],
      );
      for (const { key: group, count } of totals) {
        if (group.variant !== undefined) byVariant.set(group.variant, count);
      }
      return byVariant;
    };
    const [impressions, clicks, errors] = await Promise.all([
      countVariants(experiment.impressionEventGlob),
      countVariants(experiment.clickEventGlob),
      countVariants(experiment.errorEventGlob),
    ]);
    return assessExperiment(
      experiment,
      { impressions: impressions ?? new Map(), clicks, errors },
      window,
    );
  }
}

export function toExperimentDto(experiment: Experiment): ExperimentDto {
  return {
    key: experiment.key,
    name: experiment.name,
    variants: experiment.variants.map(({ name, weight }) => ({ name, weight })),
    controlVariant: experiment.controlVariant,
    impressionEventGlob: experiment.impressionEventGlob,
    clickEventGlob: experiment.clickEventGlob ?? null,
    errorEventGlob: experiment.errorEventGlob ?? null,
    minCtrPct: experiment.minCtrPct,
    maxErrorRatePct: experiment.maxErrorRatePct,
    startedAt: experiment.startedAt?.toISOString() ?? null,
    createdAt: experiment.createdAt.toISOString(),
    updatedAt: experiment.updatedAt.toISOString(),
  };
}

/**
 * [from, to): `to` defaults to now; `from` to the experiment's start, or 7 days before `to`,
 * and never more than 90 days before it (an explicit wider range is refused). `from` is aligned
 * down to the hour, the resolution counts are read at.
 */
export function healthWindow(
  experiment: Pick<Experiment, 'startedAt'>,
  query: ExperimentHealthQueryDto,
  now: Date,
): { from: Date; to: Date } {
  const to = query.to ? new Date(query.to) : now;
  const earliest = to.getTime() - EXPERIMENT_MAX_WINDOW_DAYS * DAY_MS;
  let from: number;
  if (query.from) {
    from = new Date(query.from).getTime();
    if (from < earliest) {
      throw invalidWindow(`the window may span at most ${EXPERIMENT_MAX_WINDOW_DAYS} days`);
    }
  } else {
    const start =
      experiment.startedAt?.getTime() ?? to.getTime() - EXPERIMENT_DEFAULT_WINDOW_DAYS * DAY_MS;
    from = Math.max(start, earliest);
  }
  from -= from % HOUR_MS;
  if (from >= to.getTime()) throw invalidWindow('from must be before to');
  return { from: new Date(from), to };
}

function invalidWindow(message: string): ValidationFailedError {
  return new ValidationFailedError('the window is not valid', [{ field: 'from', message }]);
}

/** Rules across fields, which the DTO's per-field rules cannot see. */
function assertValid(experiment: ExperimentChanges): void {
  const errors: FieldError[] = [];
  const names = experiment.variants.map((variant) => variant.name);
  const duplicates = names.filter((name, index) => names.indexOf(name) !== index);
  if (duplicates.length > 0) {
    errors.push({
      field: 'variants',
      message: `variant names repeat: ${[...new Set(duplicates)].join(', ')}`,
    });
  }
  if (!names.includes(experiment.controlVariant)) {
    errors.push({ field: 'controlVariant', message: 'controlVariant must be one of the variants' });
  }
  if (experiment.startedAt && Number.isNaN(experiment.startedAt.getTime())) {
    errors.push({ field: 'startedAt', message: 'startedAt must be a date' });
  }
  if (errors.length > 0) throw new ValidationFailedError('the experiment is not valid', errors);
}
