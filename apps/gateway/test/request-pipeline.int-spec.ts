import { ApplicationConfig } from '@nestjs/core';
import { startTestService } from '@vantage/service-runtime/testing';
import { SecurityStore } from '../src/abuse/security-store';
import { RedisThrottlerStorage } from '../src/rate-limit/redis-throttler.storage';
import { gatewayService } from '../src/service-definition';
import { call, type Gateway, registerOrg, type Session } from './support/gateway-api';

/**
 * What every request pays for in Nest's pipeline. A global interceptor wraps every route's
 * handler in rxjs (defer, mergeAll, an async scope per layer) even when it has nothing to do
 * there; the audit and ingest-count interceptors sit on the routes that need them instead.
 */
describe('the request pipeline', () => {
  let gateway: Gateway;
  let session: Session;

  beforeAll(async () => {
    gateway = await startTestService(gatewayService);
    session = await registerOrg(gateway, 'pipeline');
  });

  afterAll(async () => {
    await gateway?.close();
  });

  it('has no global interceptor', () => {
    const config = gateway.app.get(ApplicationConfig);
    const names = (interceptors: readonly object[]): string[] =>
      interceptors.map((interceptor) => interceptor.constructor.name);

    expect(names(config.getGlobalInterceptors())).toEqual([]);
    expect(names(config.getGlobalRequestInterceptors().map(({ instance }) => instance))).toEqual(
      [],
    );
  });

  it('still checks credentials before a body is required, and the body before the handler', async () => {
    const anonymous = await call(gateway, 'POST', '/api/v1/rad-sets');
    const member = await call(gateway, 'POST', '/api/v1/rad-sets', { token: session.accessToken });

    expect(anonymous.status).toBe(401);
    expect(member.status).toBe(400);
    expect(member.body).toMatchObject({
      detail: 'this request needs a JSON body (Content-Type: application/json)',
    });
  });

  it('counts rate limits and checks failed-authentication budgets on one auto-pipelined connection', () => {
    // Commands of several requests issued in one tick leave in one write, whichever check sent them.
    const counters = gateway.app.get(SecurityStore).redis;

    expect(gateway.app.get(RedisThrottlerStorage).connection === counters).toBe(true);
    expect(counters.options.enableAutoPipelining).toBe(true);
  });
});
