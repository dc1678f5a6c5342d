import { Injectable } from '@nestjs/common';
import {
  ConflictError,
  type CreateSavedFormulaDto,
  type ListSavedFormulasDto,
  NotFoundError,
  type Plan,
  SAVED_FORMULA_ID_PATTERN,
  type SavedFormulaDto,
  type SavedFormulaListDto,
  type UpdateSavedFormulaDto,
} from '@vantage/contracts';
import { compileFormula } from '@vantage/formula';
import { OrgCaps } from '@vantage/service-runtime';
import { FORMULA_RUN_LIMITS } from './formula-runner';
import { invalidFormula } from './formula-problems';
import { newSavedFormulaId } from './saved-formula-id';
import { SavedFormulaRepository } from './saved-formula.repository';
import type { SavedFormula } from './saved-formula.schema';

const DEFAULT_PAGE_SIZE = 20;

/**
 * Formulas saved per organisation: names unique per org (case-insensitive, checked before
 * every write because FerretDB reports a unique-index clash on update as an internal error),
 * expressions checked on every save so a saved formula always runs.
 */
@Injectable()
export class SavedFormulasService {
  constructor(
    private readonly repository: SavedFormulaRepository,
    private readonly caps: OrgCaps,
  ) {}

  async list(orgId: string, query: ListSavedFormulasDto): Promise<SavedFormulaListDto> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    const { items, total } = await this.repository.page(
      orgId,
      query.sort ?? 'name',
      (page - 1) * pageSize,
      pageSize,
    );
    return { items: items.map(toSavedFormulaDto), total, page, pageSize };
  }

  async get(orgId: string, id: string): Promise<SavedFormula> {
    // An id of another shape cannot exist: no query needed to answer 404.
    const formula = SAVED_FORMULA_ID_PATTERN.test(id)
      ? await this.repository.findById(orgId, id)
      : null;
    if (!formula) throw notFound();
    return formula;
  }

  /**
   * Saves a formula, within the plan's cap on saved formulas; a redelivery of the same message
   * answers the formula it created.
   */
  create(
    orgId: string,
    plan: Plan,
    actorId: string,
    input: CreateSavedFormulaDto,
    messageId: string,
  ): Promise<SavedFormula> {
    assertRuns(input.expression);
    return this.caps.create(orgId, plan, 'savedFormulas', {
      existing: () => this.repository.findCreatedBy(orgId, messageId),
      count: () => this.repository.count(orgId),
      create: () => this.insertNew(orgId, actorId, input, messageId),
    });
  }

  private async insertNew(
    orgId: string,
    actorId: string,
    input: CreateSavedFormulaDto,
    messageId: string,
  ): Promise<SavedFormula> {
    const name = input.name.trim();
    if (await this.repository.nameTaken(orgId, nameKey(name))) throw duplicateName(name);
    const now = new Date();
    const formula: SavedFormula = {
      _id: newSavedFormulaId(),
      orgId,
      name,
      nameKey: nameKey(name),
      description: input.description?.trim() ?? '',
      expression: input.expression,
      createdBy: actorId,
      updatedBy: actorId,
      createdByMessage: messageId,
      createdAt: now,
      updatedAt: now,
    };
    if (!(await this.repository.insert(formula))) throw duplicateName(name);
    return formula;
  }

  /** Changes the fields given; the others keep their values. */
  async update(
    orgId: string,
    actorId: string,
    id: string,
    input: UpdateSavedFormulaDto,
  ): Promise<SavedFormula> {
    const existing = await this.get(orgId, id);
    const name = input.name?.trim() ?? existing.name;
    const expression = input.expression ?? existing.expression;
    if (input.expression !== undefined) assertRuns(expression);
    if (await this.repository.nameTaken(orgId, nameKey(name), id)) throw duplicateName(name);
    const updated = await this.repository.update(orgId, id, {
      name,
      nameKey: nameKey(name),
      description: input.description?.trim() ?? existing.description,
      expression,
      updatedBy: actorId,
      updatedAt: new Date(),
    });
    if (updated === 'missing') throw notFound();
    if (updated === 'duplicate') throw duplicateName(name);
    return updated;
  }

  async delete(orgId: string, id: string): Promise<SavedFormula> {
    const deleted = SAVED_FORMULA_ID_PATTERN.test(id)
      ? await this.repository.delete(orgId, id)
      : null;
    if (!deleted) throw notFound();
    return deleted;
  }
}

export function toSavedFormulaDto(formula: SavedFormula): SavedFormulaDto {
  return {
    id: formula._id,
    name: formula.name,
    description: formula.description,
    expression: formula.expression,
    createdBy: formula.createdBy,
    updatedBy: formula.updatedBy,
    createdAt: formula.createdAt.toISOString(),
    updatedAt: formula.updatedAt.toISOString(),
  };
}

/** A saved formula must compile under the limits it will run with. */
function assertRuns(expression: string): void {
  const compiled = compileFormula(expression, { limits: FORMULA_RUN_LIMITS });
  if (!compiled.ok) throw invalidFormula(compiled.diagnostics);
}

function nameKey(name: string): string {
  return name.trim().toLowerCase();
}

function notFound(): NotFoundError {
  return new NotFoundError('no such saved formula');
}

function duplicateName(name: string): ConflictError {
  return new ConflictError(`a formula named "${name}" already exists`);
}
