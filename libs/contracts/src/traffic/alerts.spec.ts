import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { CreateAlertRuleDto, UpdateAlertRuleDto } from './alerts';

function errorsOf(dto: new () => object, plain: Record<string, unknown>): string[] {
  return validateSync(plainToInstance(dto, plain), {
    whitelist: true,
    forbidNonWhitelisted: true,
  }).map((error) => error.property);
}

describe('CreateAlertRuleDto', () => {
  const condition = { kind: 'status', statuses: ['CRITICAL'] };

  it('accepts a rule with a condition', () => {
    expect(errorsOf(CreateAlertRuleDto, { name: 'Feed down', condition })).toEqual([]);
  });

  // Found by the bad-input e2e run: both reached the database and failed there (500).
  it('refuses a rule without a condition', () => {
    expect(errorsOf(CreateAlertRuleDto, { name: 'Feed down' })).toEqual(['condition']);
  });

  it('refuses a condition that is an array', () => {
    expect(errorsOf(CreateAlertRuleDto, { name: 'Feed down', condition: [] })).toEqual([
      'condition',
    ]);
  });

  it('still lets a PATCH leave the condition out', () => {
    expect(errorsOf(UpdateAlertRuleDto, { name: 'Renamed' })).toEqual([]);
  });
});
