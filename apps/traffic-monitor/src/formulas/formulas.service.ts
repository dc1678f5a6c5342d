import { Injectable } from '@nestjs/common';
import type {
  ExecuteFormulaDto,
  FormulaExampleListDto,
  FormulaFunctionListDto,
  FormulaSeriesDto,
  FormulaSuggestionListDto,
  FormulaValidationDto,
} from '@vantage/contracts';
import {
  compileFormula,
  FORMULA_EXAMPLES,
  FORMULA_FUNCTIONS,
  type FormulaSeries,
  suggestFormulas,
} from '@vantage/formula';
import { FORMULA_RUN_LIMITS, FormulaRunner } from './formula-runner';
import { toDiagnosticError } from './formula-problems';

/** The language as a service: check, run, describe, suggest. Saved formulas live next door. */
@Injectable()
export class FormulasService {
  constructor(private readonly runner: FormulaRunner) {}

  /** Every problem in the formula (none when it can run); never an error for a bad formula. */
  validate(expression: string): FormulaValidationDto {
    const compiled = compileFormula(expression, { limits: FORMULA_RUN_LIMITS });
    return compiled.ok
      ? { valid: true, kind: compiled.formula.kind, diagnostics: [] }
      : { valid: false, diagnostics: compiled.diagnostics.map(toDiagnosticError) };
  }

  async execute(orgId: string, input: ExecuteFormulaDto): Promise<FormulaSeriesDto> {
    const series = await this.runner.run(
      orgId,
      input.expression,
      { from: new Date(input.from), to: new Date(input.to) },
      input.intervalMs,
    );
    return toSeriesDto(input, series);
  }

  functions(): FormulaFunctionListDto {
    return {
      items: FORMULA_FUNCTIONS.map((info) => ({
        name: info.name,
        category: info.category,
        signature: info.signature,
        description: info.description,
        example: info.example,
        parameters: info.parameters.map((parameter) => ({ ...parameter })),
      })),
    };
  }

  examples(): FormulaExampleListDto {
    return { items: FORMULA_EXAMPLES.map((example) => ({ ...example })) };
  }

  suggest(text: string): FormulaSuggestionListDto {
    const result = suggestFormulas(text);
    return {
      suggestions: result.suggestions.map((suggestion) => ({ ...suggestion })),
      ...(result.hint === undefined ? {} : { hint: result.hint }),
    };
  }
}

function toSeriesDto(input: ExecuteFormulaDto, series: FormulaSeries): FormulaSeriesDto {
  return {
    expression: input.expression,
    requested: {
      from: new Date(series.requested.from).toISOString(),
      to: new Date(series.requested.to).toISOString(),
      intervalMs: input.intervalMs ?? null,
    },
    from: new Date(series.from).toISOString(),
    to: new Date(series.to).toISOString(),
    intervalMs: series.intervalMs,
    points: series.timestamps.map((timestamp, i) => ({
      timestamp: new Date(timestamp).toISOString(),
      value: series.values[i] ?? null,
      partial: series.partial[i] ?? false,
    })),
  };
}
