// Answers Schemathesis found outside the document (e2e test/07-schemathesis): a JSON `null` body
// taken for an empty object, and audit events answered without their documented `details`.
import { startTestService } from '@vantage/service-runtime/testing';
import { gatewayService } from '../src/service-definition';
import { call, type Gateway, registerOrg, type Session } from './support/gateway-api';

describe('answers the fuzzer found outside the document', () => {
  let gateway: Gateway;
  let session: Session;

  beforeAll(async () => {
    gateway = await startTestService(gatewayService);
    session = await registerOrg(gateway, 'fuzzer-findings');
  });

  afterAll(async () => {
    await gateway?.close();
  });

  it('refuses a JSON null body with a 400 problem', async () => {
    const response = await gateway.fetch('/api/v1/org', {
      method: 'PATCH',
      headers: {
        authorization: `Bearer ${session.accessToken}`,
        'content-type': 'application/json',
      },
      body: 'null',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });

  it('refuses a null organisation name instead of storing it', async () => {
    const refused = await call(gateway, 'PATCH', '/api/v1/org', {
      token: session.accessToken,
      body: { name: null },
    });
    expect(refused.status).toBe(400);
    const org = await call<{ name: unknown }>(gateway, 'GET', '/api/v1/org', {
      token: session.accessToken,
    });
    expect(typeof org.body.name).toBe('string');
  });

  it.each(['0.5', '2026', 'tomorrow'])(
    'refuses an audit time that is not a date-time (%s)',
    async (to) => {
      const response = await call(gateway, 'GET', `/api/v1/audit?to=${to}`, {
        token: session.accessToken,
      });
      expect(response.status).toBe(400);
    },
  );

  it('answers every audit event with its details, {} when there are none', async () => {
    // Signing up and verifying the address are audited without details.
    const page = await call<{ items: Array<Record<string, unknown>> }>(
      gateway,
      'GET',
      '/api/v1/audit',
      { token: session.accessToken },
    );
    expect(page.status).toBe(200);
    expect(page.body.items.length).toBeGreaterThan(0);
    expect(page.body.items.filter((item) => typeof item['details'] !== 'object')).toEqual([]);
  });
});
