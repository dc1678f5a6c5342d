import { register } from 'prom-client';
import { firstValueFrom } from 'rxjs';
import {
  ALERT_PATTERNS,
  BILLING_PATTERNS,
  DASHBOARD_PATTERNS,
  PLAN_CHANGED_EVENT,
  type PlanChangedEvent,
  RAD_SET_PATTERNS,
} from '@vantage/contracts';
import { startTestService } from '@vantage/service-runtime/testing';
import type { RedisStreamsClient, RedisStreamsServer } from '@vantage/transport';
import { connectTestClient, waitUntil } from '@vantage/transport/testing';
import type { AuditAction } from '../src/audit/audit.schema';
import { AuditService } from '../src/audit/audit.service';
import { gatewayService } from '../src/service-definition';
import {
  addMember,
  call,
  createApiKey,
  type Gateway,
  registerOrg,
  type Session,
} from './support/gateway-api';
import { type Received, startStandIn } from './support/gateway-with-stand-in';

const RAD_SET_ID = 'rad_3kT9wQ1mZp8Lx2Vb7Nc4';
const RULE_ID = 'arl_3kT9wQ1mZp8Lx2Vb7Nc4';
const ALERT_ID = 'alt_3kT9wQ1mZp8Lx2Vb7Nc4';
const SLACK_WEBHOOK = 'https://hooks.slack.com/services/T000/B000/SECRETsecret';

interface AuditItem {
  readonly action: string;
  readonly outcome: string;
  readonly actorKind: string;
  readonly actorId: string | null;
  readonly targetId: string | null;
  readonly details: Record<string, unknown>;
}

/** Answers shaped like the services' own: the ids and versions the audit entries name. */
function answer(pattern: string, payload: Record<string, unknown>): unknown {
  switch (pattern) {
    case RAD_SET_PATTERNS.create:
      return { id: RAD_SET_ID, ...payload };
    case DASHBOARD_PATTERNS.putConfig:
      return { version: 7 };
    case DASHBOARD_PATTERNS.rollbackConfig:
      return { version: 8 };
    case ALERT_PATTERNS.rulesCreate:
      return { id: RULE_ID, name: payload['name'] };
    case BILLING_PATTERNS.createCheckoutSession:
      return { id: 'cs_test_1', url: 'https://checkout.stripe.test/cs_test_1' };
    case BILLING_PATTERNS.createPortalSession:
      return { url: 'https://billing.stripe.test/session/1' };
    default:
      return { id: payload['id'] ?? null };
  }
}

describe('audit log of configuration and billing changes', () => {
  let gateway: Gateway;
  const standIns: RedisStreamsServer[] = [];
  let billing: RedisStreamsClient;
  let owner: Session;
  let analyst: Session;
  let adminKey: { id: string; key: string };
  const received: Received[] = [];

  beforeAll(async () => {
    gateway = await startTestService(gatewayService);
    standIns.push(
      await startStandIn(
        gateway,
        {
          service: 'traffic-monitor',
          patterns: [
            ...Object.values(RAD_SET_PATTERNS),
            ...Object.values(DASHBOARD_PATTERNS),
            ...Object.values(ALERT_PATTERNS),
          ],
          answer,
        },
        received,
      ),
      await startStandIn(
        gateway,
        { service: 'billing', patterns: Object.values(BILLING_PATTERNS), answer },
        received,
      ),
    );
    billing = await connectTestClient({
      service: 'billing',
      prefix: gateway.config.TRANSPORT_PREFIX,
      redisUrl: gateway.config.REDIS_URL,
    });
    owner = await registerOrg(gateway);
    analyst = await addMember(gateway, owner, 'analyst');
    adminKey = await createApiKey(gateway, owner, ['admin']);
  });

  afterAll(async () => {
    await billing?.close();
    await Promise.all(standIns.map((standIn) => standIn.close()));
    await gateway?.close();
  });

  /** The newest entry of an action, as the audit route lists it to the owner. */
  async function latest(action: string): Promise<AuditItem | undefined> {
    const page = await call<{ items: AuditItem[] }>(
      gateway,
      'GET',
      `/api/v1/audit?action=${action}&limit=1`,
      { token: owner.accessToken },
    );
    expect(page.status).toBe(200);
    return page.body.items[0];
  }

  async function expectOk(response: Promise<{ status: number; body: unknown }>): Promise<void> {
    const { status, body } = await response;
    if (status < 200 || status > 299) throw new Error(`${status} ${JSON.stringify(body)}`);
  }

  it('records RAD-set changes with the person, the set and the fields changed', async () => {
    const auth = { token: analyst.accessToken };
    await expectOk(
      call(gateway, 'POST', '/api/v1/rad-sets', {
        ...auth,
        body: { name: 'Feed', pattern: 'app.feed.*', colour: '#2563eb' },
      }),
    );
    await expectOk(
      call(gateway, 'PATCH', `/api/v1/rad-sets/${RAD_SET_ID}`, { ...auth, body: { name: 'F' } }),
    );
    await expectOk(call(gateway, 'DELETE', `/api/v1/rad-sets/${RAD_SET_ID}`, auth));

    const actor = { actorKind: 'user', actorId: analyst.user.id, outcome: 'success' };
    expect(await latest('rad_set.created')).toMatchObject({
      ...actor,
      targetId: RAD_SET_ID,
      details: { fields: ['colour', 'name', 'pattern'] },
    });
    expect(await latest('rad_set.updated')).toMatchObject({
      ...actor,
      targetId: RAD_SET_ID,
      details: { fields: ['name'] },
    });
    expect(await latest('rad_set.deleted')).toMatchObject({
      ...actor,
      targetId: RAD_SET_ID,
      details: {},
    });
  });

  it('records dashboard-config changes and rollbacks made with an API key', async () => {
    const auth = { apiKey: adminKey.key };
    await expectOk(
      call(gateway, 'PUT', '/api/v1/dashboard/config', { ...auth, body: { windowHours: 6 } }),
    );
    await expectOk(call(gateway, 'POST', '/api/v1/dashboard/config/rollback/3', auth));

    const actor = { actorKind: 'api-key', actorId: adminKey.id };
    expect(await latest('dashboard.config_changed')).toMatchObject({
      ...actor,
      targetId: 'v7',
      details: { fields: ['windowHours'] },
    });
    expect(await latest('dashboard.config_rolled_back')).toMatchObject({
      ...actor,
      targetId: 'v8',
      details: { restoredVersion: 3 },
    });
  });

  it('records alert-rule changes and acknowledgements, and keeps the Slack webhook out', async () => {
    const auth = { token: owner.accessToken };
    const rule = {
      name: 'Feed down',
      condition: { kind: 'status', statuses: ['CRITICAL'] },
      channels: { slack: { webhookUrl: SLACK_WEBHOOK } },
    };
    await expectOk(call(gateway, 'POST', '/api/v1/alerts/rules', { ...auth, body: rule }));
    await expectOk(
      call(gateway, 'PATCH', `/api/v1/alerts/rules/${RULE_ID}`, {
        ...auth,
        body: { channels: rule.channels },
      }),
    );
    await expectOk(call(gateway, 'DELETE', `/api/v1/alerts/rules/${RULE_ID}`, auth));
    await expectOk(call(gateway, 'POST', `/api/v1/alerts/${ALERT_ID}/acknowledge`, auth));

    const actor = { actorKind: 'user', actorId: owner.user.id };
    const created = await latest('alert_rule.created');
    expect(created).toMatchObject({
      ...actor,
      targetId: RULE_ID,
      details: { fields: ['channels', 'condition', 'name'] },
    });
    const updated = await latest('alert_rule.updated');
    expect(updated).toMatchObject({
      ...actor,
      targetId: RULE_ID,
      details: { fields: ['channels'] },
    });
    expect(await latest('alert_rule.deleted')).toMatchObject({ ...actor, targetId: RULE_ID });
    expect(await latest('alert.acknowledged')).toMatchObject({ ...actor, targetId: ALERT_ID });
    expect(JSON.stringify([created, updated])).not.toContain('SECRET');
  });

  it('records billing changes: checkout, portal, cancel and resume', async () => {
    const auth = { token: owner.accessToken };
    await expectOk(
      call(gateway, 'POST', '/api/v1/billing/checkout-session', {
        ...auth,
        body: {
          plan: 'pro',
          interval: 'year',
          successUrl: 'https://app.example.com/ok',
          cancelUrl: 'https://app.example.com/no',
        },
      }),
    );
    await expectOk(
      call(gateway, 'POST', '/api/v1/billing/portal-session', {
        ...auth,
        body: { returnUrl: 'https://app.example.com/billing' },
      }),
    );
    await expectOk(call(gateway, 'POST', '/api/v1/billing/subscription/cancel', auth));
    await expectOk(call(gateway, 'POST', '/api/v1/billing/subscription/resume', auth));

    const actor = { actorKind: 'user', actorId: owner.user.id };
    expect(await latest('billing.checkout_started')).toMatchObject({
      ...actor,
      targetId: 'cs_test_1',
      details: { plan: 'pro', interval: 'year' },
    });
    expect(await latest('billing.portal_opened')).toMatchObject({ ...actor, details: {} });
    expect(await latest('billing.subscription_canceled')).toMatchObject(actor);
    expect(await latest('billing.subscription_resumed')).toMatchObject(actor);
  });

  it("records billing's plan change, as done by the billing service, with the plan it replaced", async () => {
    const change: PlanChangedEvent = {
      orgId: owner.organization.id,
      plan: 'enterprise',
      changedAt: new Date().toISOString(),
    };
    await firstValueFrom(billing.emit(PLAN_CHANGED_EVENT, change), { defaultValue: undefined });

    await waitUntil(
      async () => (await latest('billing.plan_changed')) !== undefined,
      'the plan change in the audit log',
      10_000,
    );
    expect(await latest('billing.plan_changed')).toMatchObject({
      actorKind: 'service',
      actorId: 'billing',
      targetId: owner.organization.id,
      details: { plan: 'enterprise', previousPlan: 'free' },
    });
  });

  it('counts an entry the store refuses (and logs it whole) rather than dropping it unseen', async () => {
    const failures = async (): Promise<number> =>
      (await register.getSingleMetric('vantage_audit_write_failures_total')?.get())?.values[0]
        ?.value ?? 0;
    const before = await failures();

    // An action the schema does not know: the store refuses the document.
    gateway.app.get(AuditService).recordInBackground({
      orgId: owner.organization.id,
      action: 'no.such_action' as AuditAction,
      actor: { kind: 'user', id: owner.user.id },
    });
    await latest('rad_set.created'); // the audit route waits for the writes in flight

    expect(await failures()).toBe(before + 1);
  });

  it('records nothing for a change the service refused', async () => {
    const before = await latest('rad_set.updated');
    const refused = await call(gateway, 'PATCH', '/api/v1/rad-sets/rad_nope', {
      token: analyst.accessToken,
      body: { name: 'x' },
    });

    expect(refused.status).toBe(404);
    expect(await latest('rad_set.updated')).toEqual(before);
  });
});
