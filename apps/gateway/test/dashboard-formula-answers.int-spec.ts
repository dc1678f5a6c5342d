// The OpenAPI document describes exactly what the dashboard and formula answers now carry: the
// window judged and how it was chosen, the requested next to the effective formula range, and
// partial points (docs/dashboard.md, docs/formulas.md).
import { startTestService } from '@vantage/service-runtime/testing';
import { gatewayService } from '../src/service-definition';
import type { Gateway } from './support/gateway-api';

type Schema = {
  readonly required?: readonly string[];
  readonly properties?: Record<string, Record<string, unknown>>;
};

describe('the documented dashboard and formula answers', () => {
  let gateway: Gateway;
  let schemas: Record<string, Schema>;

  beforeAll(async () => {
    gateway = await startTestService(gatewayService);
    const doc = (await (await gateway.fetch('/docs-json')).json()) as {
      components: { schemas: Record<string, Schema> };
    };
    schemas = doc.components.schemas;
  });

  afterAll(async () => {
    await gateway?.close();
  });

  const schema = (name: string): Schema => {
    const found = schemas[name];
    if (!found) throw new Error(`${name} is not documented`);
    return found;
  };

  it('requires the window, how it was chosen and the baseline in the health window', () => {
    const window = schema('HealthWindowDto');

    expect(window.required).toEqual(
      expect.arrayContaining([
        'from',
        'to',
        'asOf',
        'windowMode',
        'windowHours',
        'includesCurrentHour',
        'chosenBy',
        'baselineMode',
        'baselineFrom',
        'baselineTo',
        'baselinePeriods',
        'configVersion',
        'explanation',
      ]),
    );
    expect(window.properties?.['windowMode']).toMatchObject({
      enum: ['rollingHours', 'lastCompleteDay', 'lastHours'],
    });
    expect(window.properties?.['chosenBy']).toMatchObject({ enum: ['defaults', 'config'] });
    expect(window.properties?.['includesCurrentHour']).toMatchObject({ type: 'boolean' });
    expect(window.properties?.['windowHours']).toMatchObject({ type: 'integer', maximum: 24 });
  });

  it('documents the rolling default and a window of up to 24 hours in the settings', () => {
    expect(schema('DashboardSettingsDto').properties).toMatchObject({
      windowMode: { default: 'rollingHours' },
      windowHours: { type: 'integer', maximum: 24, default: 24 },
      baselineMode: { default: 'sameHoursLastWeeks' },
    });
    expect(schema('PutDashboardConfigDto').properties?.['windowHours']).toMatchObject({
      maximum: 24,
    });
  });

  it('requires the requested range and the partial flag in a formula answer', () => {
    expect(schema('FormulaSeriesDto').required).toEqual(
      expect.arrayContaining(['expression', 'requested', 'from', 'to', 'intervalMs', 'points']),
    );
    expect(schema('FormulaRequestedRangeDto')).toMatchObject({
      required: ['from', 'to', 'intervalMs'],
      properties: { intervalMs: { type: 'integer', nullable: true } },
    });
    expect(schema('FormulaPointDto')).toMatchObject({
      required: expect.arrayContaining(['timestamp', 'value', 'partial']),
      properties: { partial: { type: 'boolean' } },
    });
  });
});
