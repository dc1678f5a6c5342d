import type { SloFigure, SloState } from '@vantage/contracts';
import type { SloEvaluation } from '../slos/slo-status.service';

/** Below this share of the error budget left, an SLO that still holds is `at-risk`. */
export const AT_RISK_BUDGET_REMAINING = 0.25;

/**
 * An SLO as the report shows it (pure): `breached` once the budget is overspent (attained
 * under the objective), `at-risk` with less than a quarter of it left or a burn-rate alert
 * firing, `met` otherwise. Without traffic in the window nothing is spent: the whole budget
 * is left and the SLO is met.
 */
export function sloFigure(evaluation: SloEvaluation): SloFigure {
  const { status, firing } = evaluation;
  const remaining = status.errorBudget?.remaining ?? 1;
  return {
    name: status.slo.name,
    service: status.slo.service,
    objective: status.slo.target,
    attained: status.sli,
    errorBudgetRemaining: remaining,
    state: sloState(remaining, firing.length > 0),
  };
}

function sloState(remaining: number, firing: boolean): SloState {
  if (remaining < 0) return 'breached';
  if (remaining < AT_RISK_BUDGET_REMAINING || firing) return 'at-risk';
  return 'met';
}
