import { ConfigError, loadConfig, serviceEnvDefaults } from '@vantage/service-runtime';
import { TrafficMonitorConfig } from './traffic-monitor.config';

const defaults = serviceEnvDefaults('traffic-monitor', 3001);
const load = (env: Record<string, string>) => loadConfig(TrafficMonitorConfig, env, defaults);

describe('TrafficMonitorConfig retention', () => {
  it('defaults to 14 days of minutes, 400 of hours and 5 years of days', () => {
    const config = load({});

    expect([
      config.RETENTION_MINUTE_DAYS,
      config.RETENTION_HOUR_DAYS,
      config.RETENTION_DAY_DAYS,
    ]).toEqual([14, 400, 1826]);
  });

  it('accepts equal retentions at every resolution', () => {
    const env = {
      RETENTION_MINUTE_DAYS: '30',
      RETENTION_HOUR_DAYS: '30',
      RETENTION_DAY_DAYS: '30',
    };

    expect(load(env).RETENTION_DAY_DAYS).toBe(30);
  });

  it('refuses a coarser resolution kept shorter than a finer one, naming the variable', () => {
    const shortHours = () => load({ RETENTION_MINUTE_DAYS: '30', RETENTION_HOUR_DAYS: '20' });
    const shortDays = () => load({ RETENTION_DAY_DAYS: '100' });

    expect(shortHours).toThrow(ConfigError);
    expect(shortHours).toThrow('RETENTION_HOUR_DAYS must be at least RETENTION_MINUTE_DAYS');
    expect(shortDays).toThrow('RETENTION_DAY_DAYS must be at least RETENTION_HOUR_DAYS');
  });
});
