import { planApps, portVariable, probeHost } from './apps';

const urls = { redisUrl: 'redis://127.0.0.1:1', mongoUrl: 'mongodb://127.0.0.1:2/' };

describe('planApps', () => {
  it('gives every app its default port on loopback and the infra URLs', () => {
    const plans = planApps({}, urls);

    expect(plans.map((plan) => [plan.name, plan.port])).toEqual([
      ['gateway', 3000],
      ['traffic-monitor', 3001],
      ['telemetry', 3002],
      ['billing', 3003],
      ['reporting', 3004],
    ]);
    expect(plans[0]?.env).toMatchObject({
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: '3000',
      OPS_HTTP_PORT: '9000',
      REDIS_URL: urls.redisUrl,
      MONGO_URL: urls.mongoUrl,
    });
    expect(plans[0]?.baseUrl).toBe('http://127.0.0.1:3000');
    expect(plans.map((plan) => plan.opsBaseUrl)).toEqual([
      'http://127.0.0.1:9000',
      'http://127.0.0.1:9001',
      'http://127.0.0.1:9002',
      'http://127.0.0.1:9003',
      'http://127.0.0.1:9004',
    ]);
  });

  it('honours a per-app port and HTTP_HOST, and passes other variables through', () => {
    const plans = planApps(
      { TRAFFIC_MONITOR_HTTP_PORT: '4001', HTTP_HOST: '0.0.0.0', LOG_LEVEL: 'debug' },
      urls,
    );
    const monitor = plans.find((plan) => plan.name === 'traffic-monitor');

    expect(monitor?.port).toBe(4001);
    expect(monitor?.baseUrl).toBe('http://127.0.0.1:4001');
    expect(monitor?.opsBaseUrl).toBe('http://127.0.0.1:10001');
    expect(monitor?.env).toMatchObject({ HTTP_HOST: '0.0.0.0', LOG_LEVEL: 'debug' });
  });

  it('never hands one HTTP_PORT, OPS_HTTP_PORT or MONGO_DB to all five apps', () => {
    const plans = planApps({ HTTP_PORT: '9999', OPS_HTTP_PORT: '9998', MONGO_DB: 'shared' }, urls);

    expect(plans.map((plan) => plan.env['HTTP_PORT'])).toEqual([
      '3000',
      '3001',
      '3002',
      '3003',
      '3004',
    ]);
    expect(plans.every((plan) => plan.env['MONGO_DB'] === undefined)).toBe(true);
  });

  it('hands every app the other infra URLs', () => {
    const serviceEnv = { STRIPE_API_URL: 'http://127.0.0.1:3', SMTP_URL: 'smtp://127.0.0.1:4' };
    const plans = planApps({}, { ...urls, serviceEnv });

    expect(plans.every((plan) => plan.env['STRIPE_API_URL'] === serviceEnv.STRIPE_API_URL)).toBe(
      true,
    );
    expect(plans[4]?.env['SMTP_URL']).toBe(serviceEnv.SMTP_URL);
  });

  it('names a bad port variable and a clash between two apps', () => {
    expect(() => planApps({ GATEWAY_HTTP_PORT: 'http' }, urls)).toThrow(
      'GATEWAY_HTTP_PORT must be a port number between 1 and 65535 (got "http")',
    );
    expect(() => planApps({ BILLING_HTTP_PORT: '3000' }, urls)).toThrow(
      'gateway and billing would both listen on port 3000',
    );
  });
});

describe('portVariable and probeHost', () => {
  it('derive the override variable and a host a client can reach', () => {
    expect(portVariable('traffic-monitor')).toBe('TRAFFIC_MONITOR_HTTP_PORT');
    expect(probeHost('0.0.0.0')).toBe('127.0.0.1');
    expect(probeHost('::')).toBe('[::1]');
    expect(probeHost('::1')).toBe('[::1]');
    expect(probeHost('localhost')).toBe('localhost');
  });
});
