import { randomUUID } from 'node:crypto';
import { getConnectionToken } from '@nestjs/mongoose';
import {
  type Actor,
  BILLING_WEBHOOK_PATTERNS,
  DUNNING_MAIL_REQUESTED_EVENT,
  type DunningMailRequestedEvent,
  type ErrorPayload,
  PLAN_CHANGED_EVENT,
  type PlanChangedEvent,
  type StripeWebhookReceiptDto,
} from '@vantage/contracts';
import { runWithContext } from '@vantage/observability';
import { startTestService, type TestService } from '@vantage/service-runtime/testing';
import { RedisStreamsClient, type RedisStreamsServer, TransportError } from '@vantage/transport';
import { startTestServer } from '@vantage/transport/testing';
import type { Connection } from 'mongoose';
import { lastValueFrom } from 'rxjs';
import type { BillingConfig } from '../../src/config/billing.config';
import { billingService } from '../../src/service-definition';
import { PRICES, type SignedEvent, signature, unique } from '@vantage/stripe-testing';

export type Billing = TestService<BillingConfig>;

export const WEBHOOK_SECRET = 'whsec_test_billing_int_spec';

/** stripe-mock's address: tools/infra starts it and jest's setup file exports it. */
export function stripeMockUrl(): string {
  const url = process.env['STRIPE_API_URL'];
  if (!url) throw new Error('STRIPE_API_URL is not set: run npm run infra:up (stripe-mock)');
  return url;
}

/** Billing against stripe-mock with the fixture prices, fast retries, no scheduled dunning. */
export function startBilling(env: Record<string, string> = {}): Promise<Billing> {
  return startTestService(billingService, {
    env: {
      STRIPE_API_URL: stripeMockUrl(),
      STRIPE_SECRET_KEY: 'sk_test_123',
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      STRIPE_MAX_NETWORK_RETRIES: '0',
      STRIPE_TIMEOUT_MS: '3000',
      STRIPE_PRICE_PRO_MONTHLY: PRICES.proMonthly.id,
      STRIPE_PRICE_PRO_YEARLY: PRICES.proYearly.id,
      STRIPE_PRICE_ENTERPRISE_MONTHLY: PRICES.enterpriseMonthly.id,
      STRIPE_PRICE_ENTERPRISE_YEARLY: PRICES.enterpriseYearly.id,
      WEBHOOK_SWEEP_INTERVAL_MS: '100',
      WEBHOOK_RETRY_BASE_MS: '50',
      WEBHOOK_MAX_ATTEMPTS: '3',
      DUNNING_SWEEP_INTERVAL_MS: '0',
      ...env,
    },
  });
}

export async function connectBillingClient(billing: Billing): Promise<RedisStreamsClient> {
  const client = new RedisStreamsClient({
    redisUrl: billing.config.REDIS_URL,
    prefix: billing.config.TRANSPORT_PREFIX,
    service: 'billing',
    requestTimeoutMs: 15_000,
  });
  await client.connect();
  return client;
}

/** Sends as the gateway would: an org and an actor in the envelope (or none, as a service). */
export class Caller {
  readonly actor: Actor = { kind: 'user', id: unique('usr'), roles: ['owner'] };

  constructor(
    private readonly client: RedisStreamsClient,
    readonly orgId: string | null = unique('org'),
  ) {}

  send<T>(pattern: string, payload: unknown = {}): Promise<T> {
    const context = {
      requestId: randomUUID(),
      ...(this.orgId ? { orgId: this.orgId, actor: this.actor } : {}),
    };
    return runWithContext(context, () =>
      lastValueFrom(this.client.send<T>(pattern, payload), { defaultValue: undefined as T }),
    );
  }

  async failure(pattern: string, payload: unknown = {}): Promise<ErrorPayload> {
    try {
      const answer = await this.send<unknown>(pattern, payload);
      throw new Error(`expected ${pattern} to fail, got ${JSON.stringify(answer)}`);
    } catch (error) {
      if (error instanceof TransportError) return error.payload;
      throw error;
    }
  }
}

/** Delivers a signed event the way the gateway forwards Stripe's POST. */
export function deliver(
  caller: Caller,
  event: SignedEvent,
  header = signature(event.payload, WEBHOOK_SECRET),
): Promise<StripeWebhookReceiptDto> {
  return caller.send(BILLING_WEBHOOK_PATTERNS.receive, {
    payload: event.payload,
    signature: header,
  });
}

/** What billing broadcast and emitted: plan changes (as a gateway hears them) and dunning mail. */
export class Observers {
  readonly planChanges: PlanChangedEvent[] = [];
  readonly dunningMails: DunningMailRequestedEvent[] = [];
  private servers: RedisStreamsServer[] = [];

  async start(billing: Billing): Promise<void> {
    const common = { prefix: billing.config.TRANSPORT_PREFIX, redisUrl: billing.config.REDIS_URL };
    this.servers = await Promise.all([
      startTestServer({ ...common, service: 'gateway' }, [
        {
          pattern: PLAN_CHANGED_EVENT,
          event: true,
          broadcast: true,
          handler: (event: PlanChangedEvent) => void this.planChanges.push(event),
        },
      ]),
      startTestServer({ ...common, service: 'reporting' }, [
        {
          pattern: DUNNING_MAIL_REQUESTED_EVENT,
          event: true,
          handler: (event: DunningMailRequestedEvent) => void this.dunningMails.push(event),
        },
      ]),
    ]);
  }

  async stop(): Promise<void> {
    await Promise.all(this.servers.map((server) => server.close()));
  }
}

export function database(billing: Billing): Connection {
  return billing.app.get<Connection>(getConnectionToken());
}

export interface StoredWebhook {
  _id: string;
  status: string;
  attempts: number;
  completions: number;
  lastError: string | null;
  processedBy: string | null;
}

export function storedWebhook(billing: Billing, id: string): Promise<StoredWebhook | null> {
  return database(billing).collection<StoredWebhook>('webhook_events').findOne({ _id: id });
}
