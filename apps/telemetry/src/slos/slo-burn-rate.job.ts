import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import {
  type BurnRateRuleName,
  SLO_BURN_RATE_LIVE_EVENT,
  type SloBurnRateEvent,
} from '@vantage/contracts';
import { type Logger, runWithContext } from '@vantage/observability';
import { emitOnlyClient, JobScheduler, SERVICE_LOGGER } from '@vantage/service-runtime';
import { publishLiveEvent, type RedisStreamsClient } from '@vantage/transport';
import { TelemetryConfig } from '../config/telemetry.config';
import { BURN_RATE_RULE_SET, type FiringRule } from './burn-rate';
import { SloRepository } from './slo.repository';
import type { Slo } from './slo.schema';
import { SloStatusService } from './slo-status.service';

const PAGE_SIZE = 200;
/** Who acts when the evaluator (not a person) emits: it carries no user. */
const EVALUATOR_ACTOR = { kind: 'service', id: 'telemetry:slos', roles: [] } as const;

/**
 * Evaluates every SLO of every org once per SLO_EVALUATION_INTERVAL_MS (once across replicas)
 * and announces burn-rate rules that start or stop firing with a live update on channel
 * `telemetry` (no service consumes them yet, so no event stream is written). The rules firing are stored on the SLO, so a rule that
 * keeps firing is announced once, and a restart does not announce it again.
 */
@Injectable()
export class SloBurnRateJob implements OnModuleInit, OnApplicationShutdown {
  private readonly client: RedisStreamsClient;

  constructor(
    private readonly repository: SloRepository,
    private readonly statuses: SloStatusService,
    private readonly scheduler: JobScheduler,
    private readonly config: TelemetryConfig,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {
    this.client = emitOnlyClient(config, 'telemetry', logger);
  }

  onModuleInit(): void {
    this.scheduler.schedule('slo-burn-rate', this.config.SLO_EVALUATION_INTERVAL_MS, async () => {
      await this.evaluateAll();
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }

  /** Evaluates every SLO at `now`; answers the announcements made. */
  async evaluateAll(now = new Date()): Promise<SloBurnRateEvent[]> {
    const announced: SloBurnRateEvent[] = [];
    let afterId: string | null = null;
    for (;;) {
      const page = await this.repository.page(afterId, PAGE_SIZE);
      for (const slo of page) {
        try {
          announced.push(...(await this.evaluate(slo, now)));
        } catch (error) {
          // One SLO whose series cannot be read must not hold up the others.
          this.logger.error(
            { err: error, orgId: slo.orgId, sloId: slo._id },
            'SLO evaluation failed',
          );
        }
      }
      if (page.length < PAGE_SIZE) break;
      afterId = page[page.length - 1]?._id ?? null;
    }
    return announced;
  }

  private async evaluate(slo: Slo, now: Date): Promise<SloBurnRateEvent[]> {
    const { firing, status } = await this.statuses.evaluate(slo, now);
    const firingNow = new Map(firing.map((rule) => [rule.rule, rule]));
    const before = new Set<BurnRateRuleName>(slo.firingRules ?? []);
    const changes: SloBurnRateEvent[] = [];
    for (const rule of BURN_RATE_RULE_SET) {
      const fired = firingNow.get(rule.rule);
      if ((fired !== undefined) === before.has(rule.rule)) continue;
      changes.push(
        announcement(slo, fired ?? rule, fired ? 'firing' : 'resolved', status.burnRates, now),
      );
    }
    if (changes.length === 0) return [];
    await this.repository.setFiring(slo.orgId, slo._id, [...firingNow.keys()]);
    for (const event of changes) await this.announce(event);
    return changes;
  }

  private announce(event: SloBurnRateEvent): Promise<void> {
    this.logger.info(
      { orgId: event.orgId, sloId: event.sloId, rule: event.rule, state: event.state },
      'SLO burn-rate alert changed',
    );
    return runWithContext(
      { requestId: randomUUID(), orgId: event.orgId, actor: EVALUATOR_ACTOR },
      () =>
        publishLiveEvent(this.client, {
          orgId: event.orgId,
          type: SLO_BURN_RATE_LIVE_EVENT,
          data: event,
        }),
    );
  }
}

function announcement(
  slo: Slo,
  rule: FiringRule | (typeof BURN_RATE_RULE_SET)[number],
  state: 'firing' | 'resolved',
  burnRates: SloBurnRateEventRates,
  now: Date,
): SloBurnRateEvent {
  return {
    orgId: slo.orgId,
    sloId: slo._id,
    sloName: slo.name,
    service: slo.service,
    rule: rule.rule,
    severity: rule.severity,
    state,
    longWindow: rule.longWindow,
    shortWindow: rule.shortWindow,
    threshold: rule.threshold,
    longBurnRate: burnRates[rule.longWindow],
    shortBurnRate: burnRates[rule.shortWindow],
    at: now.toISOString(),
  };
}

type SloBurnRateEventRates = Readonly<Record<SloBurnRateEvent['longWindow'], number | null>>;
