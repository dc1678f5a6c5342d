import { Injectable } from '@nestjs/common';
import { type FormulaLimitFieldError, ValidationFailedError } from '@vantage/contracts';
import {
  chooseIntervalMs,
  compileFormula,
  evaluateFormula,
  FormulaLimitError,
  type FormulaLimits,
  FormulaRangeError,
  type FormulaSeries,
  FormulaValidationError,
  type TimeRange,
} from '@vantage/formula';
import { BucketReader } from '../buckets/bucket-reader';
import { TrafficMonitorConfig } from '../config/traffic-monitor.config';
import { EventIdCatalogue } from '../event-ids/event-id-catalogue';
import { BucketFormulaSource, type RetentionCutoffs } from './bucket-formula-source';
import { invalidFormula } from './formula-problems';

const DAY_MS = 86_400_000;

/**
 * The bounds of one run. The time budget stays under the gateway's default route timeout
 * (5 s), so a slow formula answers the client a 400 it can act on rather than a 503.
 */
export const FORMULA_RUN_LIMITS: Partial<FormulaLimits> = Object.freeze({
  maxPoints: 10_000,
  maxLookbackPoints: 10_000,
  maxQueries: 50,
  timeoutMs: 4_000,
});

export interface FormulaRunOptions {
  /** Cancels the run (e.g. the caller gave up); reported like a timeout. */
  readonly signal?: AbortSignal;
  /** Tighter or looser bounds than FORMULA_RUN_LIMITS (only the fields given change). */
  readonly limits?: Partial<FormulaLimits>;
}

/**
 * Runs a formula over one organisation's stored counts: compiles it, evaluates it within the
 * limits and time budget, and turns every fault of the caller (bad formula, range, interval,
 * a limit) into a ValidationFailedError whose `errors[]` say where and why — for a bad formula
 * one entry per diagnostic with line, column and hint. Used by the execute route and by
 * formula-threshold alert rules.
 */
@Injectable()
export class FormulaRunner {
  constructor(
    private readonly reader: BucketReader,
    private readonly eventIds: EventIdCatalogue,
    private readonly config: TrafficMonitorConfig,
  ) {}

  /**
   * One value per interval of [range.from, range.to) (start aligned down to the interval).
   * Without `intervalMs`, the finest usual interval giving at most 500 points.
   */
  async run(
    orgId: string,
    expression: string,
    range: TimeRange,
    intervalMs?: number,
    options: FormulaRunOptions = {},
  ): Promise<FormulaSeries> {
    const limits = { ...FORMULA_RUN_LIMITS, ...options.limits };
    const compiled = compileFormula(expression, { limits });
    if (!compiled.ok) throw invalidFormula(compiled.diagnostics);
    try {
      const interval = intervalMs ?? chooseIntervalMs(range);
      return await evaluateFormula(compiled.formula, {
        range,
        intervalMs: interval,
        now: Date.now(),
        source: new BucketFormulaSource(this.reader, orgId, this.cutoffs(new Date()), () =>
          this.eventIds.list(orgId),
        ),
        limits,
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (error) {
      throw toDomainError(error);
    }
  }

  /** The oldest bucket start each resolution keeps now (what the retention job leaves). */
  private cutoffs(now: Date): RetentionCutoffs {
    const at = (days: number): number => now.getTime() - days * DAY_MS;
    return {
      minute: at(this.config.RETENTION_MINUTE_DAYS),
      hour: at(this.config.RETENTION_HOUR_DAYS),
      day: at(this.config.RETENTION_DAY_DAYS),
    };
  }
}

/** The formula library's errors are the caller's fault: 400 with the reason; others unchanged. */
function toDomainError(error: unknown): unknown {
  if (error instanceof FormulaValidationError) return invalidFormula(error.diagnostics);
  if (error instanceof FormulaRangeError) {
    return new ValidationFailedError(error.message, [
      { field: error.message.includes('interval') ? 'intervalMs' : 'to', message: error.message },
    ]);
  }
  if (error instanceof FormulaLimitError) {
    const field: FormulaLimitFieldError = {
      field: error.limit === 'maxPoints' ? 'intervalMs' : 'expression',
      message: error.message,
      limit: error.limit,
      maximum: error.maximum,
    };
    return new ValidationFailedError(`the formula exceeds a limit: ${error.message}`, [field]);
  }
  return error;
}
