import { getModelToken } from '@nestjs/mongoose';
import {
  expectKeyedQuery,
  startTestService,
  type TestService,
} from '@vantage/service-runtime/testing';
import type { Model } from 'mongoose';
import { AlertRule } from '../src/alerts/alert-rule.schema';
import { alertRuleFilters } from '../src/alerts/alert-rule.repository';
import { Alert } from '../src/alerts/alert.schema';
import { alertFilters } from '../src/alerts/alert.repository';
import { EventStatusSnapshot } from '../src/alerts/event-status.schema';
import { eventStatusFilter } from '../src/alerts/event-status.repository';
import { trafficMonitorService } from '../src/service-definition';

const ORG = 'org_explained';
const RULE = 'alr_explained';
const ALERT = 'alt_explained';
const NOW = new Date('2026-12-07T06:00:00.000Z');

/**
 * Every query of the alert rules, alerts and the evaluator's per-org judgement, explained by the
 * store with the filters the repositories build: none may scan where the org or the `_id`
 * narrows it (the alert list once wrapped its org in a `$and`, which the store cannot see into).
 */
describe('alert queries', () => {
  let service: TestService;
  const collection = (name: string) =>
    service.app.get<Model<unknown>>(getModelToken(name)).collection;

  beforeAll(async () => {
    service = await startTestService(trafficMonitorService, {
      env: { ALERT_EVALUATION_INTERVAL_MS: '0' },
    });
  });

  afterAll(async () => {
    await service?.close();
  });

  it('lists alerts narrowed by the org, with every filter and the cursor', async () => {
    const alerts = collection(Alert.name);
    const sort = { openedAt: -1, _id: -1 };

    await expectKeyedQuery(alerts, { find: alertFilters.page(ORG, {}), sort });
    await expectKeyedQuery(alerts, {
      find: alertFilters.page(ORG, {
        statuses: ['open', 'acknowledged'],
        severities: ['critical'],
        ruleId: RULE,
        from: new Date(NOW.getTime() - 86_400_000),
        to: NOW,
        after: { openedAt: NOW, id: ALERT },
      }),
      sort,
    });
  });

  it("reads and changes one alert, and a rule's alerts, narrowed by the org or the id", async () => {
    const alerts = collection(Alert.name);

    await expectKeyedQuery(alerts, { find: alertFilters.one(ORG, ALERT) });
    await expectKeyedQuery(alerts, { find: alertFilters.ofRule(ORG, RULE), sort: { seq: -1 } });
    await expectKeyedQuery(alerts, { find: alertFilters.activeOfRule(ORG, RULE) });
    await expectKeyedQuery(alerts, {
      update: alertFilters.active(ORG, ALERT),
      change: { $set: { lastSeenAt: NOW } },
    });
    await expectKeyedQuery(alerts, {
      update: alertFilters.open(ORG, ALERT),
      change: { $set: { status: 'acknowledged' } },
    });
  });

  it('reads and changes alert rules narrowed by the org or the id, and the enabled ones', async () => {
    const rules = collection(AlertRule.name);

    await expectKeyedQuery(rules, {
      find: alertRuleFilters.ofOrg(ORG),
      sort: { createdAt: 1, _id: 1 },
    });
    await expectKeyedQuery(rules, { find: alertRuleFilters.one(ORG, RULE) });
    await expectKeyedQuery(rules, { find: alertRuleFilters.createdBy(ORG, 'msg-1') });
    await expectKeyedQuery(rules, { delete: alertRuleFilters.one(ORG, RULE) });
    await expectKeyedQuery(rules, { find: alertRuleFilters.enabled() });
  });

  it("reads and keeps an org's last judgement by its _id alone", async () => {
    const snapshots = collection(EventStatusSnapshot.name);

    await expectKeyedQuery(snapshots, { find: eventStatusFilter(ORG) });
    await expectKeyedQuery(snapshots, {
      update: eventStatusFilter(ORG),
      change: { $set: { updatedAt: NOW } },
    });
  });
});
