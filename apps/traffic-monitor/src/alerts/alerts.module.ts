import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { BucketsModule } from '../buckets/buckets.module';
import { FormulasModule } from '../formulas/formulas.module';
import { HealthModule } from '../health/health.module';
import { TrafficLiveModule } from '../live/traffic-live.module';
import { RadSetsModule } from '../rad-sets/rad-sets.module';
import { AlertEvaluator } from './alert-evaluator';
import { AlertNotifier } from './alert-notifier';
import { AlertRule, AlertRuleSchema } from './alert-rule.schema';
import { AlertRuleRepository } from './alert-rule.repository';
import { AlertRulesHandler } from './alert-rules.handler';
import { AlertRulesService } from './alert-rules.service';
import { Alert, AlertSchema } from './alert.schema';
import { AlertRepository } from './alert.repository';
import { AlertsHandler } from './alerts.handler';
import { AlertsMetrics } from './alerts.metrics';
import { AlertsService } from './alerts.service';
import { EventStatusSnapshot, EventStatusSnapshotSchema } from './event-status.schema';
import { EventStatusRepository } from './event-status.repository';
import { slackHttpProvider } from './slack-http.provider';
import { SlackWebhookClient } from './slack-webhook.client';

/**
 * Alert rules, the alerts they raise, the evaluator job that raises and resolves them, and
 * their notifications (Slack, e-mail through reporting, /ws). Tests drive evaluations with
 * `AlertEvaluator.evaluateAll(now)` and wait for notifications with `AlertNotifier.idle()`.
 */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: AlertRule.name, schema: AlertRuleSchema },
      { name: Alert.name, schema: AlertSchema },
      { name: EventStatusSnapshot.name, schema: EventStatusSnapshotSchema },
    ]),
    HealthModule,
    BucketsModule,
    TrafficLiveModule,
    RadSetsModule,
    FormulasModule,
  ],
  controllers: [AlertRulesHandler, AlertsHandler],
  providers: [
    AlertRuleRepository,
    AlertRepository,
    EventStatusRepository,
    AlertRulesService,
    AlertsService,
    AlertEvaluator,
    AlertNotifier,
    slackHttpProvider,
    SlackWebhookClient,
    AlertsMetrics,
  ],
})
export class AlertsModule {}
