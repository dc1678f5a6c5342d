import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import {
  ALERT_ID_PATTERN,
  ALERT_PATTERNS,
  ALERT_RULE_ID_PATTERN,
  AlertDto,
  AlertPageDto,
  AlertRuleDto,
  AlertRuleListDto,
  CreateAlertRuleDto,
  ListAlertsDto,
  UpdateAlertRuleDto,
} from '@vantage/contracts';
import { Audited, noDetails, targetInResult, targetParam } from '../../audit/audited.decorator';
import { Access, CurrentPrincipal } from '../../auth/access.decorators';
import type { Principal } from '../../auth/principal';
import { ServiceRouter } from '../../routing/service-router';
import { ApiAuthenticated } from '../../shared/openapi';
import { ResourceIdPipe } from '../../shared/resource-id.pipe';
import { ruleForReader, seesAddresses } from '../mail/address-visibility';
import { MailConsentClient } from '../mail/mail-consent.client';

/** An id of another shape cannot exist: a 404, like another organisation's id. */
const RULE_ID = new ResourceIdPipe(ALERT_RULE_ID_PATTERN, 'no such alert rule');
const ALERT_ID = new ResourceIdPipe(ALERT_ID_PATTERN, 'no such alert');

/** Who may change alert rules: admins, or keys with the admin scope. */
const RULE_EDITORS = { role: 'admin', scope: 'admin' } as const;
/** Who may acknowledge an alert: analysts and up, or keys with the admin scope. */
const RESPONDERS = { role: 'analyst', scope: 'admin' } as const;

const RULE_ID_EXAMPLE = 'arl_3kT9wQ1mZp8Lx2Vb7Nc4';
const ALERT_ID_EXAMPLE = 'alt_3kT9wQ1mZp8Lx2Vb7Nc4';

/** Alert rules and the alerts they raise, forwarded to the traffic-monitor service. */
@ApiTags('alerts')
@Controller('api/v1/alerts')
@ApiAuthenticated()
export class AlertsController {
  constructor(
    private readonly router: ServiceRouter,
    private readonly consent: MailConsentClient,
  ) {}

  @Get()
  @ApiOperation({
    summary: "The organisation's alerts, newest first",
    description:
      'Filters combine: `status` and `severity` take one value or several comma-separated, ' +
      '`from`/`to` bound the opening time. Pages of `limit` (default 50, at most 200); pass ' +
      '`nextCursor` as `cursor` for the next one.',
  })
  @ApiOkResponse({ type: AlertPageDto })
  list(@Query() query: ListAlertsDto): Promise<AlertPageDto> {
    return this.router.send('traffic-monitor', ALERT_PATTERNS.list, query);
  }

  @Get('rules')
  @ApiOperation({
    summary: "The organisation's alert rules",
    description: 'A key with only the read scope sees the e-mail recipients masked.',
  })
  @ApiOkResponse({ type: AlertRuleListDto })
  async listRules(@CurrentPrincipal() principal: Principal): Promise<AlertRuleListDto> {
    const list = await this.router.send<AlertRuleListDto>(
      'traffic-monitor',
      ALERT_PATTERNS.rulesList,
      {},
    );
    return seesAddresses(principal)
      ? list
      : { items: list.items.map((rule) => ruleForReader(principal, rule)) };
  }

  @Post('rules')
  @Access(RULE_EDITORS)
  @Audited({ action: 'alert_rule.created', target: targetInResult('id') })
  @ApiOperation({
    summary: 'Create an alert rule',
    description:
      'On event health (`kind: status`: any event with one of `statuses`, optionally within ' +
      'a RAD set or matching a glob) or on a formula crossing a threshold (`kind: formula`). ' +
      'Evaluated every minute; one alert per episode, resolved when the condition clears, ' +
      'then no new alert for `cooldownMinutes`. Notifies Slack and e-mail on raise and resolve.',
  })
  @ApiCreatedResponse({ type: AlertRuleDto })
  @ApiAuthenticated(409)
  async createRule(
    @Body() body: CreateAlertRuleDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AlertRuleDto> {
    const rule = await this.router.send<AlertRuleDto>(
      'traffic-monitor',
      ALERT_PATTERNS.rulesCreate,
      body,
    );
    await this.registerRecipients(principal, body);
    return rule;
  }

  @Get('rules/:id')
  @ApiOperation({ summary: 'One alert rule' })
  @ApiParam({ name: 'id', example: RULE_ID_EXAMPLE })
  @ApiOkResponse({ type: AlertRuleDto })
  @ApiAuthenticated(404)
  async getRule(
    @Param('id', RULE_ID) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AlertRuleDto> {
    const rule = await this.router.send<AlertRuleDto>('traffic-monitor', ALERT_PATTERNS.rulesGet, {
      id,
    });
    return ruleForReader(principal, rule);
  }

  @Patch('rules/:id')
  @Access(RULE_EDITORS)
  @Audited({ action: 'alert_rule.updated', target: targetParam('id') })
  @ApiOperation({
    summary: 'Change some fields of an alert rule',
    description:
      '`condition` and `channels` are replaced whole when given. Disabling a rule resolves ' +
      'its open alert.',
  })
  @ApiParam({ name: 'id', example: RULE_ID_EXAMPLE })
  @ApiOkResponse({ type: AlertRuleDto })
  @ApiAuthenticated(404)
  async updateRule(
    @Param('id', RULE_ID) id: string,
    @Body() body: UpdateAlertRuleDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AlertRuleDto> {
    const rule = await this.router.send<AlertRuleDto>(
      'traffic-monitor',
      ALERT_PATTERNS.rulesUpdate,
      {
        ...body,
        id,
      },
    );
    await this.registerRecipients(principal, body);
    return rule;
  }

  @Delete('rules/:id')
  @HttpCode(200)
  @Access(RULE_EDITORS)
  @Audited({ action: 'alert_rule.deleted', target: targetParam('id'), details: noDetails })
  @ApiOperation({
    summary: 'Delete an alert rule',
    description: 'Its open alert is resolved; its alerts stay in the list. Answers the rule.',
  })
  @ApiParam({ name: 'id', example: RULE_ID_EXAMPLE })
  @ApiOkResponse({ type: AlertRuleDto })
  @ApiAuthenticated(404)
  removeRule(@Param('id', RULE_ID) id: string): Promise<AlertRuleDto> {
    return this.router.send('traffic-monitor', ALERT_PATTERNS.rulesDelete, { id });
  }

  @Get(':id')
  @ApiOperation({ summary: 'One alert' })
  @ApiParam({ name: 'id', example: ALERT_ID_EXAMPLE })
  @ApiOkResponse({ type: AlertDto })
  @ApiAuthenticated(404)
  get(@Param('id', ALERT_ID) id: string): Promise<AlertDto> {
    return this.router.send('traffic-monitor', ALERT_PATTERNS.get, { id });
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @Access(RESPONDERS)
  @Audited({ action: 'alert.acknowledged', target: targetParam('id'), details: noDetails })
  @ApiOperation({
    summary: 'Acknowledge an open alert',
    description:
      'Records who and when. Acknowledging again answers the alert unchanged; a resolved ' +
      'alert answers 409.',
  })
  @ApiParam({ name: 'id', example: ALERT_ID_EXAMPLE })
  @ApiOkResponse({ type: AlertDto })
  @ApiAuthenticated(404, 409)
  acknowledge(@Param('id', ALERT_ID) id: string): Promise<AlertDto> {
    return this.router.send('traffic-monitor', ALERT_PATTERNS.acknowledge, { id });
  }
  /**
   * The rule's e-mail recipients to reporting, members marked: the others get a confirmation
   * mail and no alert until they confirm.
   */
  private registerRecipients(
    principal: Principal,
    body: Pick<CreateAlertRuleDto, 'channels'>,
  ): Promise<void> {
    return this.consent.register(principal.orgId, body.channels?.email?.recipients ?? []);
  }
}
