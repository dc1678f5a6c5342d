import type { SloStatusDto } from '@vantage/contracts';
import type { SloEvaluation } from '../slos/slo-status.service';
import { sloFigure } from './slo-figure';

function evaluation(remaining: number | null, firing = false): SloEvaluation {
  const status = {
    slo: { name: 'API', service: 'gateway', target: 0.99 },
    sli: remaining === null ? null : 0.995,
    errorBudget: remaining === null ? null : { allowed: 0.01, consumed: 1 - remaining, remaining },
  } as unknown as SloStatusDto;
  return { status, firing: firing ? [{} as SloEvaluation['firing'][number]] : [] };
}

describe('sloFigure', () => {
  it('is met with budget left, at risk under a quarter or with an alert firing, breached when overspent', () => {
    expect(sloFigure(evaluation(0.5)).state).toBe('met');
    expect(sloFigure(evaluation(0.2)).state).toBe('at-risk');
    expect(sloFigure(evaluation(0.9, true)).state).toBe('at-risk');
    expect(sloFigure(evaluation(0)).state).toBe('at-risk');
    expect(sloFigure(evaluation(-0.1))).toMatchObject({
      state: 'breached',
      errorBudgetRemaining: -0.1,
    });
  });

  it('keeps the whole budget and no attainment without traffic', () => {
    expect(sloFigure(evaluation(null))).toEqual({
      name: 'API',
      service: 'gateway',
      objective: 0.99,
      attained: null,
      errorBudgetRemaining: 1,
      state: 'met',
    });
  });
});
