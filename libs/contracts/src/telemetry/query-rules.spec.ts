// Query and body rules that the OpenAPI document can say exactly (a fuzzer sends what the
// document allows and expects it accepted): each is enforced by the DTO, not later in a service.
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ExecuteFormulaDto } from '../traffic/formulas';
import { ForecastQueryDto } from './forecast';
import { QualityListQueryDto } from './quality';

function errorsOf(dto: new () => object, input: object): string[] {
  return validateSync(plainToInstance(dto, input), {
    whitelist: true,
    forbidNonWhitelisted: true,
  }).map((error) => error.property);
}

describe('rules the DTOs enforce themselves', () => {
  it.each(['60s', '1m', '90m', '1440m', '24h', '1d', '86400s'])(
    'accepts a quality window of %s (1m to 1d)',
    (window) => {
      expect(errorsOf(QualityListQueryDto, { window })).toEqual([]);
    },
  );

  it.each(['59s', '1441m', '25h', '58h', '2d', '0m', '01h'])(
    'refuses a quality window of %s in the DTO',
    (window) => {
      expect(errorsOf(QualityListQueryDto, { window })).toEqual(['window']);
    },
  );

  it('refuses a formula interval that is not a whole number of minutes', () => {
    const body = {
      expression: 'count()',
      from: '2026-11-20T00:00:00Z',
      to: '2026-11-21T00:00:00Z',
    };
    expect(errorsOf(ExecuteFormulaDto, { ...body, intervalMs: 120_000 })).toEqual([]);
    expect(errorsOf(ExecuteFormulaDto, { ...body, intervalMs: 86_882_758 })).toEqual([
      'intervalMs',
    ]);
  });

  it.each([['80,95'], [['80', '95']], ['95'], [['80']]])(
    'reads forecast levels given as %j (one list or repeated parameters)',
    (level) => {
      expect(errorsOf(ForecastQueryDto, { level })).toEqual([]);
    },
  );
});
