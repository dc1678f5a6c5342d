import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import {
  type Actor,
  type Plan,
  CreateSavedFormulaDto,
  ExecuteFormulaDto,
  FORMULA_PATTERNS,
  type FormulaExampleListDto,
  FormulaExpressionDto,
  type FormulaFunctionListDto,
  type FormulaSeriesDto,
  type FormulaSuggestionListDto,
  type FormulaValidationDto,
  ListSavedFormulasDto,
  SavedFormulaIdDto,
  type SavedFormulaDto,
  type SavedFormulaListDto,
  SuggestFormulaDto,
  UpdateSavedFormulaMessageDto,
} from '@vantage/contracts';
import { MessageActor, MessageOrg, MessagePlan } from '@vantage/service-runtime';
import { RedisStreamsContext } from '@vantage/transport';
import { FormulasService } from './formulas.service';
import { SavedFormulasService, toSavedFormulaDto } from './saved-formulas.service';

/** Formula language and saved formulas over the transport; the org always comes from the envelope. */
@Controller()
export class FormulasHandler {
  constructor(
    private readonly formulas: FormulasService,
    private readonly saved: SavedFormulasService,
  ) {}

  @MessagePattern(FORMULA_PATTERNS.validate)
  validate(@Payload() { expression }: FormulaExpressionDto): FormulaValidationDto {
    return this.formulas.validate(expression);
  }

  @MessagePattern(FORMULA_PATTERNS.execute)
  execute(
    @MessageOrg() orgId: string,
    @Payload() input: ExecuteFormulaDto,
  ): Promise<FormulaSeriesDto> {
    return this.formulas.execute(orgId, input);
  }

  @MessagePattern(FORMULA_PATTERNS.functions)
  functions(): FormulaFunctionListDto {
    return this.formulas.functions();
  }

  @MessagePattern(FORMULA_PATTERNS.examples)
  examples(): FormulaExampleListDto {
    return this.formulas.examples();
  }

  @MessagePattern(FORMULA_PATTERNS.suggest)
  suggest(@Payload() { text }: SuggestFormulaDto): FormulaSuggestionListDto {
    return this.formulas.suggest(text);
  }

  @MessagePattern(FORMULA_PATTERNS.savedList)
  list(
    @MessageOrg() orgId: string,
    @Payload() query: ListSavedFormulasDto,
  ): Promise<SavedFormulaListDto> {
    return this.saved.list(orgId, query);
  }

  @MessagePattern(FORMULA_PATTERNS.savedGet)
  async get(
    @MessageOrg() orgId: string,
    @Payload() { id }: SavedFormulaIdDto,
  ): Promise<SavedFormulaDto> {
    return toSavedFormulaDto(await this.saved.get(orgId, id));
  }

  @MessagePattern(FORMULA_PATTERNS.savedCreate)
  async create(
    @MessageOrg() orgId: string,
    @MessagePlan() plan: Plan,
    @MessageActor() actor: Actor | undefined,
    @Payload() input: CreateSavedFormulaDto,
    @Ctx() context: RedisStreamsContext,
  ): Promise<SavedFormulaDto> {
    return toSavedFormulaDto(
      await this.saved.create(orgId, plan, actorIdOf(actor), input, context.getMessageId()),
    );
  }

  @MessagePattern(FORMULA_PATTERNS.savedUpdate)
  async update(
    @MessageOrg() orgId: string,
    @MessageActor() actor: Actor | undefined,
    @Payload() { id, ...changes }: UpdateSavedFormulaMessageDto,
  ): Promise<SavedFormulaDto> {
    return toSavedFormulaDto(await this.saved.update(orgId, actorIdOf(actor), id, changes));
  }

  @MessagePattern(FORMULA_PATTERNS.savedDelete)
  async delete(
    @MessageOrg() orgId: string,
    @Payload() { id }: SavedFormulaIdDto,
  ): Promise<SavedFormulaDto> {
    return toSavedFormulaDto(await this.saved.delete(orgId, id));
  }
}

/** Audit fields name who acted; a message without an actor (internal) is `system`. */
function actorIdOf(actor: Actor | undefined): string {
  return actor?.id ?? 'system';
}
