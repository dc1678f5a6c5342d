import { BaseServiceConfig } from '../config/base-service.config';
import { loadConfig } from '../config/load-config';
import { DEFAULT_PLAN_CAPS, parsePlanCaps } from './plan-caps';

describe('plan caps (ORG_CAPS)', () => {
  it('keeps the defaults for what the value does not name', () => {
    const caps = parsePlanCaps(' radSets.free=5 , series.enterprise=50000');

    expect(caps.radSets).toEqual({ free: 5, pro: 200, enterprise: 2000 });
    expect(caps.series).toEqual({ free: 200, pro: 2000, enterprise: 50_000 });
    expect(caps.alertRules).toEqual(DEFAULT_PLAN_CAPS.alertRules);
    expect(parsePlanCaps('')).toEqual(DEFAULT_PLAN_CAPS);
  });

  it.each([
    ['widgets.free=5', 'unknown resource'],
    ['radSets.gold=5', 'unknown plan'],
    ['radSets.free=-1', 'whole number'],
    ['radSets.free=lots', 'whole number'],
    ['radSets=5', 'unknown plan'],
  ])('refuses %s (%s)', (spec, problem) => {
    expect(() => parsePlanCaps(spec)).toThrow(problem);
  });

  it('stops the service at start naming the variable when the value is wrong', () => {
    expect(() =>
      loadConfig(BaseServiceConfig, {
        HTTP_PORT: '3001',
        MONGO_DB: 'x',
        ORG_CAPS: 'radSets.gold=5',
      }),
    ).toThrow(/ORG_CAPS must be <resource>\.<plan>=<n>,\.\.\. \(unknown plan/);
  });
});
