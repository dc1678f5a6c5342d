import { Controller, Get } from '@nestjs/common';
import { getModelToken } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { register } from 'prom-client';
import { firstValueFrom } from 'rxjs';
import { PLAN_CHANGED_EVENT, type PlanChangedEvent } from '@vantage/contracts';
import type { ServiceDefinition } from '@vantage/service-runtime';
import { startTestService } from '@vantage/service-runtime/testing';
import type { RedisStreamsClient } from '@vantage/transport';
import { connectTestClient, testPrefix, waitUntil } from '@vantage/transport/testing';
import { AppModule } from '../src/app.module';
import type { GatewayConfig } from '../src/config/gateway.config';
import { Organization } from '../src/identity/identity.schemas';
import { ExpensiveRoute } from '../src/rate-limit/expensive-route.decorator';
import { OrgPlanCache } from '../src/rate-limit/org-plan.cache';
import { gatewayService } from '../src/service-definition';
import {
  type ApiResponse,
  call,
  type Gateway,
  registerOrg,
  type Session,
} from './support/gateway-api';

/** Stands in for the formula/report/forecast routes that will carry @ExpensiveRoute. */
@Controller('api/v1/rate-limit-probe')
class ExpensiveProbeController {
  @Get('expensive')
  @ExpensiveRoute()
  expensive(): { ok: true } {
    return { ok: true };
  }
}

/** The real gateway, plus one expensive route. */
const gatewayWithProbe: ServiceDefinition<GatewayConfig> = {
  ...gatewayService,
  module: (runtime) => ({
    module: class RateLimitProbeModule {},
    imports: [AppModule.forRoot(runtime)],
    controllers: [ExpensiveProbeController],
  }),
};

const LIMITS = {
  RATE_LIMIT_ANONYMOUS_PER_MINUTE: 5,
  RATE_LIMIT_FREE_PER_MINUTE: 6,
  RATE_LIMIT_PRO_PER_MINUTE: 12,
  RATE_LIMIT_EXPENSIVE_PER_MINUTE: 2,
};

let nextAddress = 0;
/** Each test calls from its own addresses (believed from the trusted proxy at 127.0.0.1). */
const clientAddress = (): string => `198.51.100.${++nextAddress}`;

describe('rate limits across two gateway instances sharing Redis', () => {
  // Both instances must share one key prefix: the counters and the broadcast streams live there.
  const prefix = testPrefix();
  const gateways: Gateway[] = [];
  let billing: RedisStreamsClient;

  beforeAll(async () => {
    const env = {
      TRANSPORT_PREFIX: prefix,
      TRUSTED_PROXIES: '127.0.0.1',
      ...Object.fromEntries(Object.entries(LIMITS).map(([name, value]) => [name, String(value)])),
    };
    for (let i = 0; i < 2; i++) gateways.push(await startTestService(gatewayWithProbe, { env }));
    billing = await connectTestClient({ service: 'billing', prefix });
  });

  afterAll(async () => {
    await billing?.close();
    await Promise.all(gateways.map((gateway) => gateway.close()));
  });

  /** The i-th call goes to instance i % 2, so the counts must be shared to come out exact. */
  const instance = (i: number): Gateway => gateways[i % 2] as Gateway;

  function anonymousCall(gateway: Gateway, address: string): Promise<ApiResponse> {
    // An empty login body: the guard counts it, then validation answers 400 (no password check).
    return call(gateway, 'POST', '/api/v1/auth/login', {
      body: {},
      headers: { 'x-forwarded-for': address },
    });
  }

  function me(gateway: Gateway, session: Session): Promise<ApiResponse> {
    return call(gateway, 'GET', '/api/v1/auth/me', { token: session.accessToken });
  }

  function rateHeaders(response: ApiResponse): Record<string, string | null> {
    return {
      limit: response.headers.get('x-ratelimit-limit'),
      remaining: response.headers.get('x-ratelimit-remaining'),
    };
  }

  async function signUp(): Promise<Session> {
    const gateway = instance(0);
    const address = clientAddress();
    const original = gateway.fetch;
    // Registration is an anonymous call too: give it an address of its own.
    return registerOrg(
      {
        ...gateway,
        fetch: (path, init) =>
          original(path, { ...init, headers: { ...init?.headers, 'x-forwarded-for': address } }),
      },
      'rate-limit',
    );
  }

  it('lets exactly N anonymous requests of one IP through across both instances, with decreasing headers', async () => {
    const address = clientAddress();
    const responses: ApiResponse[] = [];
    for (let i = 0; i < 7; i++) responses.push(await anonymousCall(instance(i), address));

    expect(responses.map((response) => response.status)).toEqual([
      400, 400, 400, 400, 400, 429, 429,
    ]);
    expect(responses.slice(0, 5).map(rateHeaders)).toEqual(
      ['4', '3', '2', '1', '0'].map((remaining) => ({ limit: '5', remaining })),
    );
    for (const response of responses) {
      const reset = Number(response.headers.get('x-ratelimit-reset'));
      expect(reset).toBeGreaterThanOrEqual(1);
      expect(reset).toBeLessThanOrEqual(60);
    }
  });

  it('refuses with 429 problem+json, Retry-After and the X-RateLimit-* headers kept', async () => {
    const address = clientAddress();
    for (let i = 0; i < 5; i++) await anonymousCall(instance(i), address);

    const refused = await anonymousCall(instance(1), address);

    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({
      status: 429,
      code: 'RATE_LIMITED',
      title: 'Too many requests',
      instance: '/api/v1/auth/login',
    });
    expect(String(refused.body['detail'])).toContain('this IP address');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(rateHeaders(refused)).toEqual({ limit: '5', remaining: '0' });
    expect(refused.headers.get('x-ratelimit-reset')).toBe(String(retryAfter));
  });

  it('counts each client address behind the trusted proxy on its own', async () => {
    const first = clientAddress();
    for (let i = 0; i < 6; i++) await anonymousCall(instance(i), first);

    const other = await anonymousCall(instance(0), clientAddress());

    expect(other.status).toBe(400);
    expect(rateHeaders(other)).toEqual({ limit: '5', remaining: '4' });
  });

  it('never limits health probes or the metrics scrape', async () => {
    for (let i = 0; i < 2 * LIMITS.RATE_LIMIT_ANONYMOUS_PER_MINUTE; i++) {
      for (const path of ['/health/live', '/metrics']) {
        const response = await instance(i).opsFetch(path, {
          headers: { 'x-forwarded-for': '198.51.100.250' },
        });
        expect(response.status).not.toBe(429);
        expect(response.headers.get('x-ratelimit-limit')).toBeNull();
      }
    }
  });

  it('counts refusals by tier for Prometheus', async () => {
    const address = clientAddress();
    const before = await refusedCount('anonymous');
    for (let i = 0; i < 7; i++) await anonymousCall(instance(i), address);

    expect(await refusedCount('anonymous')).toBe(before + 2);
  });

  it('limits an org by its plan, and a plan change raises the limit on both instances within seconds', async () => {
    const session = await signUp();
    const orgId = session.organization.id;

    const onFree: ApiResponse[] = [];
    for (let i = 0; i < 7; i++) onFree.push(await me(instance(i), session));
    expect(onFree.map((response) => response.status)).toEqual([200, 200, 200, 200, 200, 200, 429]);
    expect(rateHeaders(onFree[0] as ApiResponse)).toEqual({ limit: '6', remaining: '5' });
    expect(String(onFree[6]?.body['detail'])).toContain('free plan');

    const change: PlanChangedEvent = { orgId, plan: 'pro', changedAt: new Date().toISOString() };
    await firstValueFrom(billing.emit(PLAN_CHANGED_EVENT, change), { defaultValue: undefined });
    await waitUntil(
      async () => {
        const plans = await Promise.all(
          gateways.map((gateway) => gateway.app.get(OrgPlanCache).planOf(orgId)),
        );
        return plans.every((plan) => plan === 'pro');
      },
      'both instances to know the pro plan',
      10_000,
    );

    // Seven requests were counted in this window (the refused one too): five more fit in twelve.
    const onPro: ApiResponse[] = [];
    for (let i = 0; i < 6; i++) onPro.push(await me(instance(i), session));
    expect(onPro.map((response) => response.status)).toEqual([200, 200, 200, 200, 200, 429]);
    expect(onPro.slice(0, 2).map(rateHeaders)).toEqual([
      { limit: '12', remaining: '4' },
      { limit: '12', remaining: '3' },
    ]);
    expect(String(onPro[5]?.body['detail'])).toContain('pro plan');

    const orgs = gateways[0]?.app.get<Model<Organization>>(getModelToken(Organization.name));
    const saved = await orgs?.findById(orgId).lean().exec();
    expect(saved).toMatchObject({ plan: 'pro', planChangedAt: new Date(change.changedAt) });
  });

  it('ignores a plan change older than the one already applied', async () => {
    const session = await signUp();
    const orgId = session.organization.id;
    const now = Date.now();
    const emit = (plan: PlanChangedEvent['plan'], changedAt: number) =>
      firstValueFrom(
        billing.emit(PLAN_CHANGED_EVENT, {
          orgId,
          plan,
          changedAt: new Date(changedAt).toISOString(),
        }),
        { defaultValue: undefined },
      );

    await emit('enterprise', now);
    await waitUntil(
      async () =>
        (await Promise.all(gateways.map((g) => g.app.get(OrgPlanCache).planOf(orgId)))).every(
          (plan) => plan === 'enterprise',
        ),
      'the enterprise plan on both instances',
      10_000,
    );
    await emit('free', now - 60_000);
    // A marker emitted after the stale change: once it is applied, the stale one was handled.
    const marker = await signUp();
    await firstValueFrom(
      billing.emit(PLAN_CHANGED_EVENT, {
        orgId: marker.organization.id,
        plan: 'pro',
        changedAt: new Date(now).toISOString(),
      }),
      { defaultValue: undefined },
    );
    await waitUntil(
      async () =>
        (
          await Promise.all(
            gateways.map((g) => g.app.get(OrgPlanCache).planOf(marker.organization.id)),
          )
        ).every((plan) => plan === 'pro'),
      'the marker change on both instances',
      10_000,
    );

    for (const gateway of gateways) {
      expect(await gateway.app.get(OrgPlanCache).planOf(orgId)).toBe('enterprise');
      const response = await me(gateway, session);
      expect(rateHeaders(response).limit).toBe('100000');
    }
  });

  it('limits expensive routes per org on top of the plan, reporting the tighter counter', async () => {
    const session = await signUp();
    const expensive = (i: number): Promise<ApiResponse> =>
      call(instance(i), 'GET', '/api/v1/rate-limit-probe/expensive', {
        token: session.accessToken,
      });

    const responses = [await expensive(0), await expensive(1), await expensive(2)];

    expect(responses.map((response) => response.status)).toEqual([200, 200, 429]);
    expect(responses.slice(0, 2).map(rateHeaders)).toEqual([
      { limit: '2', remaining: '1' },
      { limit: '2', remaining: '0' },
    ]);
    expect(String(responses[2]?.body['detail'])).toContain('expensive operations');
    // Ordinary routes still answer from the plan's allowance, which those calls drew on too.
    const ordinary = await me(instance(1), session);
    expect(ordinary.status).toBe(200);
    expect(rateHeaders(ordinary)).toEqual({ limit: '6', remaining: '2' });
  });
});

/** The gateways run in this process, so their counters are in prom-client's default registry. */
async function refusedCount(tier: string): Promise<number> {
  const metric = await register.getSingleMetric('vantage_rate_limited_total')?.get();
  return metric?.values.find((value) => value.labels['tier'] === tier)?.value ?? 0;
}
