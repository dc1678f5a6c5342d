import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import {
  CreateExperimentDto,
  EXPERIMENT_KEY_PATTERN,
  EXPERIMENT_PATTERNS,
  ExperimentDto,
  ExperimentHealthDto,
  ExperimentHealthQueryDto,
  ExperimentListDto,
  NotFoundError,
  UpdateExperimentDto,
} from '@vantage/contracts';
import { Access } from '../../auth/access.decorators';
import { ServiceRouter } from '../../routing/service-router';
import { ApiAuthenticated } from '../../shared/openapi';

/** Who may change experiments: analysts and up, or keys with the admin scope. */
const EDITORS = { role: 'analyst', scope: 'admin' } as const;

/** A/B experiments and their health, forwarded to the traffic-monitor service. */
@ApiTags('experiments')
@Controller('api/v1/experiments')
@ApiAuthenticated()
export class ExperimentsController {
  constructor(private readonly router: ServiceRouter) {}

  @Get()
  @ApiOperation({ summary: "List the organisation's experiments" })
  @ApiOkResponse({ type: ExperimentListDto })
  list(): Promise<ExperimentListDto> {
    return this.router.send('traffic-monitor', EXPERIMENT_PATTERNS.list, {});
  }

  @Post()
  @Access(EDITORS)
  @ApiOperation({
    summary: 'Configure an experiment',
    description:
      'Events belong to it when they match the impression (click, error) glob and carry ' +
      'the dimension `experiment` = key; `variant` names the variant.',
  })
  @ApiCreatedResponse({ type: ExperimentDto })
  @ApiAuthenticated(409)
  create(@Body() body: CreateExperimentDto): Promise<ExperimentDto> {
    return this.router.send('traffic-monitor', EXPERIMENT_PATTERNS.create, body);
  }

  @Get(':key')
  @ApiOperation({ summary: 'One experiment' })
  @ApiParam({ name: 'key', example: 'feed-ranking-v2' })
  @ApiOkResponse({ type: ExperimentDto })
  @ApiAuthenticated(404)
  get(@Param('key') key: string): Promise<ExperimentDto> {
    return this.router.send('traffic-monitor', EXPERIMENT_PATTERNS.get, {
      key: experimentKey(key),
    });
  }

  @Patch(':key')
  @Access(EDITORS)
  @ApiOperation({ summary: 'Change some fields of an experiment (not its key)' })
  @ApiParam({ name: 'key', example: 'feed-ranking-v2' })
  @ApiOkResponse({ type: ExperimentDto })
  @ApiAuthenticated(404)
  update(@Param('key') key: string, @Body() body: UpdateExperimentDto): Promise<ExperimentDto> {
    return this.router.send('traffic-monitor', EXPERIMENT_PATTERNS.update, {
      ...body,
      key: experimentKey(key),
    });
  }

  @Delete(':key')
  @HttpCode(200)
  @Access(EDITORS)
  @ApiOperation({ summary: 'Delete an experiment (its events stay)' })
  @ApiParam({ name: 'key', example: 'feed-ranking-v2' })
  @ApiOkResponse({ type: ExperimentDto })
  @ApiAuthenticated(404)
  remove(@Param('key') key: string): Promise<ExperimentDto> {
    return this.router.send('traffic-monitor', EXPERIMENT_PATTERNS.delete, {
      key: experimentKey(key),
    });
  }

  @Get(':key/health')
  @ApiOperation({
    summary: "An experiment's traffic split and the health of each variant",
    description:
      'Per variant: share of impressions against its weight, CTR and error rate where ' +
      'configured, and the difference with the control. Flags a variant without ' +
      'impressions, a sample-ratio mismatch (chi-square goodness of fit against the weights, ' +
      'p < 0.001), CTR under 1% and error rates over 10% (thresholds per experiment).',
  })
  @ApiParam({ name: 'key', example: 'feed-ranking-v2' })
  @ApiOkResponse({ type: ExperimentHealthDto })
  @ApiAuthenticated(404)
  health(
    @Param('key') key: string,
    @Query() query: ExperimentHealthQueryDto,
  ): Promise<ExperimentHealthDto> {
    return this.router.send('traffic-monitor', EXPERIMENT_PATTERNS.health, {
      ...query,
      key: experimentKey(key),
    });
  }
}

/** A key that cannot be an experiment key is a 404, like another organisation's. */
function experimentKey(key: string): string {
  if (!EXPERIMENT_KEY_PATTERN.test(key)) throw new NotFoundError('no such experiment');
  return key;
}
