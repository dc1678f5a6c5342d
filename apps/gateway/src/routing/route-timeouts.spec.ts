import { ConfigError } from '@vantage/service-runtime';
import { routeTimeouts } from './route-timeouts';

describe('routeTimeouts', () => {
  it('gives every service the default when nothing is overridden', () => {
    expect(routeTimeouts(5000, '')).toEqual({
      'traffic-monitor': 5000,
      telemetry: 5000,
      billing: 5000,
      reporting: 5000,
    });
  });

  it('replaces the default for the services named', () => {
    expect(routeTimeouts(5000, 'telemetry=15000,reporting=10000')).toMatchObject({
      telemetry: 15000,
      reporting: 10000,
      billing: 5000,
    });
  });

  it('refuses a service that does not exist, or the gateway itself', () => {
    expect(() => routeTimeouts(5000, 'telemetri=1000')).toThrow(ConfigError);
    expect(() => routeTimeouts(5000, 'gateway=1000')).toThrow(/ROUTE_TIMEOUTS names "gateway"/);
  });

  it('refuses timeouts outside the bounds of ROUTE_TIMEOUT_MS', () => {
    expect(() => routeTimeouts(5000, 'billing=50')).toThrow(/billing an integer between 100/);
    expect(() => routeTimeouts(5000, 'billing=120001')).toThrow(ConfigError);
  });
});
