import type { WindowChoice } from '@vantage/contracts';
import type { HealthWindowPlan } from './health-window';

export interface WindowOrigin {
  readonly chosenBy: WindowChoice;
  readonly configVersion: number;
  /** Whether the caller named the instant (`asOf`) rather than letting it be now. */
  readonly asOfGiven: boolean;
}

/**
 * The judged window and its baseline in one sentence, so a reader of an answer knows what was
 * compared without knowing the rules (docs/dashboard.md).
 */
export function explainWindow(plan: HealthWindowPlan, origin: WindowOrigin): string {
  const until = origin.asOfGiven ? `asOf ${plan.asOf.toISOString()}` : 'now';
  const settings =
    origin.chosenBy === 'defaults'
      ? `default settings (config version ${origin.configVersion})`
      : `the organisation's settings (config version ${origin.configVersion})`;
  return `${windowPhrase(plan, until)}, against ${baselinePhrase(plan)}; ${settings}`;
}

function windowPhrase(plan: HealthWindowPlan, until: string): string {
  switch (plan.windowMode) {
    case 'rollingHours':
      return `the last ${completeHours(plan.windowHours)} and the current hour so far, up to ${until}`;
    case 'lastHours':
      return `the last ${completeHours(plan.windowHours)} before ${until}`;
    case 'lastCompleteDay':
      return `the last complete UTC day before ${until}`;
  }
}

function baselinePhrase(plan: HealthWindowPlan): string {
  const periods = plan.baselines.length;
  if (plan.baselineMode === 'dailyAverage') {
    return `the daily average of the ${periods} days before (dailyAverage)`;
  }
  const same = plan.windowMode === 'lastCompleteDay' ? 'the same weekday' : 'the same hours';
  const prorated =
    plan.openHourShare === null
      ? ''
      : `, their last hour counted for the ${Math.round(plan.openHourShare * 60)} minutes elapsed`;
  return `${same} in each of the ${periods} weeks before (sameHoursLastWeeks)${prorated}`;
}

function completeHours(count: number): string {
  return count === 1 ? '1 complete UTC hour' : `${count} complete UTC hours`;
}
