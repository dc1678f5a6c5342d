import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import {
  CreateSavedFormulaDto,
  ExecuteFormulaDto,
  FORMULA_PATTERNS,
  FormulaDiagnosticDto,
  FormulaExampleListDto,
  FormulaExpressionDto,
  FormulaFunctionListDto,
  FormulaSeriesDto,
  FormulaSuggestionListDto,
  FormulaValidationDto,
  ListSavedFormulasDto,
  SAVED_FORMULA_ID_PATTERN,
  SavedFormulaDto,
  SavedFormulaListDto,
  SuggestFormulaDto,
  UpdateSavedFormulaDto,
} from '@vantage/contracts';
import { Access } from '../../auth/access.decorators';
import { ExpensiveRoute } from '../../rate-limit/expensive-route.decorator';
import { ServiceRouter } from '../../routing/service-router';
import { ApiAuthenticated } from '../../shared/openapi';
import { ResourceIdPipe } from '../../shared/resource-id.pipe';

/** An id of another shape cannot exist: a 404, like another organisation's id. */
const SAVED_FORMULA_ID = new ResourceIdPipe(SAVED_FORMULA_ID_PATTERN, 'no such saved formula');

/** Who may save, change and delete formulas: analysts and up, or keys with the admin scope. */
const EDITORS = { role: 'analyst', scope: 'admin' } as const;

const ID_EXAMPLE = 'fml_3kT9wQ1mZp8Lx2Vb7Nc4';

/**
 * The formula language (custom metrics over the stored counts) and the organisation's saved
 * formulas, forwarded to the traffic-monitor service. Reading and running are open to every
 * member and to keys with `read`.
 */
@ApiTags('formulas')
@Controller('api/v1/formulas')
@ApiAuthenticated()
@ApiExtraModels(FormulaDiagnosticDto)
export class FormulasController {
  constructor(private readonly router: ServiceRouter) {}

  @Post('validate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Check a formula without running it',
    description:
      'Answers 200 with `valid` and every problem found (code, message, hint, line, column, ' +
      'offset, length), so an editor can underline them as the user types.',
  })
  @ApiOkResponse({ type: FormulaValidationDto })
  validate(@Body() body: FormulaExpressionDto): Promise<FormulaValidationDto> {
    return this.router.send('traffic-monitor', FORMULA_PATTERNS.validate, body);
  }

  @Post('execute')
  @HttpCode(200)
  @ExpensiveRoute()
  @ApiOperation({
    summary: 'Run a formula over a time range',
    description:
      'One point per interval of [from, to): `from` is aligned down to the interval and the ' +
      'last interval may end after `to`; the answer gives the `requested` range next to the ' +
      'effective `from`/`to`/`intervalMs`, and marks `partial` the points whose interval is ' +
      'cut by the range or not over yet (docs/formulas.md). ' +
      'A formula that does not check answers 400 with ' +
      'one `errors[]` entry per problem (field `expression`, with code, hint, line, column, ' +
      'offset, length, as FormulaDiagnosticDto). A run past its bounds (10,000 points, ' +
      '10,000 look-back points, 50 distinct data queries, 4 s) answers 400 with an entry ' +
      'naming the `limit` and its `maximum`. Counts toward the lower limit of expensive routes.',
  })
  @ApiOkResponse({ type: FormulaSeriesDto })
  execute(@Body() body: ExecuteFormulaDto): Promise<FormulaSeriesDto> {
    return this.router.send('traffic-monitor', FORMULA_PATTERNS.execute, body);
  }

  @Get('functions')
  @ApiOperation({ summary: 'Every function of the language: signature, description, example' })
  @ApiOkResponse({ type: FormulaFunctionListDto })
  functions(): Promise<FormulaFunctionListDto> {
    return this.router.send('traffic-monitor', FORMULA_PATTERNS.functions, {});
  }

  @Get('examples')
  @ApiOperation({ summary: 'Ready-made formulas for common metrics' })
  @ApiOkResponse({ type: FormulaExampleListDto })
  examples(): Promise<FormulaExampleListDto> {
    return this.router.send('traffic-monitor', FORMULA_PATTERNS.examples, {});
  }

  @Post('suggest')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Formulas for a request in plain English',
    description:
      'Rule-based: drops and rises by N% against yesterday, last week or an hour ago, week ' +
      '(day, hour) over week, error rate, click-through rate, moving averages, spikes, running ' +
      'totals, stopped traffic, events per minute, share of total. An event id and ' +
      '`experiment=`, `variant=`, `host=`, `region=` in the text become filters. Nothing ' +
      'recognised: no suggestions and a `hint`.',
  })
  @ApiOkResponse({ type: FormulaSuggestionListDto })
  suggest(@Body() body: SuggestFormulaDto): Promise<FormulaSuggestionListDto> {
    return this.router.send('traffic-monitor', FORMULA_PATTERNS.suggest, body);
  }

  @Get('saved')
  @ApiOperation({ summary: "The organisation's saved formulas, a page at a time" })
  @ApiOkResponse({ type: SavedFormulaListDto })
  list(@Query() query: ListSavedFormulasDto): Promise<SavedFormulaListDto> {
    return this.router.send('traffic-monitor', FORMULA_PATTERNS.savedList, query);
  }

  @Get('saved/:id')
  @ApiOperation({ summary: 'One saved formula' })
  @ApiParam({ name: 'id', example: ID_EXAMPLE })
  @ApiOkResponse({ type: SavedFormulaDto })
  @ApiAuthenticated(404)
  get(@Param('id', SAVED_FORMULA_ID) id: string): Promise<SavedFormulaDto> {
    return this.router.send('traffic-monitor', FORMULA_PATTERNS.savedGet, {
      id,
    });
  }

  @Post('saved')
  @Access(EDITORS)
  @ApiOperation({
    summary: 'Save a formula',
    description:
      'Names are unique in the organisation (any case). The expression is checked: one that ' +
      'does not check answers 400 with its problems, as execute does.',
  })
  @ApiCreatedResponse({ type: SavedFormulaDto })
  @ApiAuthenticated(409)
  create(@Body() body: CreateSavedFormulaDto): Promise<SavedFormulaDto> {
    return this.router.send('traffic-monitor', FORMULA_PATTERNS.savedCreate, body);
  }

  @Patch('saved/:id')
  @Access(EDITORS)
  @ApiOperation({ summary: 'Change some fields of a saved formula' })
  @ApiParam({ name: 'id', example: ID_EXAMPLE })
  @ApiOkResponse({ type: SavedFormulaDto })
  @ApiAuthenticated(404, 409)
  update(
    @Param('id', SAVED_FORMULA_ID) id: string,
    @Body() body: UpdateSavedFormulaDto,
  ): Promise<SavedFormulaDto> {
    return this.router.send('traffic-monitor', FORMULA_PATTERNS.savedUpdate, {
      ...body,
      id,
    });
  }

  @Delete('saved/:id')
  @HttpCode(200)
  @Access(EDITORS)
  @ApiOperation({ summary: 'Delete a saved formula', description: 'Answers the deleted formula.' })
  @ApiParam({ name: 'id', example: ID_EXAMPLE })
  @ApiOkResponse({ type: SavedFormulaDto })
  @ApiAuthenticated(404)
  remove(@Param('id', SAVED_FORMULA_ID) id: string): Promise<SavedFormulaDto> {
    return this.router.send('traffic-monitor', FORMULA_PATTERNS.savedDelete, {
      id,
    });
  }
}
