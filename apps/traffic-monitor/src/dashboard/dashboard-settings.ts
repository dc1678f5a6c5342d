import {
  type BaselineMode,
  DEFAULT_DASHBOARD_SETTINGS,
  type DashboardSettings,
  type FieldError,
  type PutDashboardConfigDto,
  type WindowMode,
} from '@vantage/contracts';

const SETTING_KEYS = Object.keys(DEFAULT_DASHBOARD_SETTINGS) as (keyof DashboardSettings)[];

/**
 * Settings as stored by any version, completed with today's defaults: a version written before
 * a setting existed reads as if it had chosen the default.
 */
export function completeSettings(stored: Partial<DashboardSettings>): DashboardSettings {
  const settings: Record<string, unknown> = { ...DEFAULT_DASHBOARD_SETTINGS };
  for (const key of SETTING_KEYS) {
    if (stored[key] !== undefined && stored[key] !== null) settings[key] = stored[key];
  }
  return settings as unknown as DashboardSettings;
}

/**
 * The current settings with the fields the change names replaced. A window changed without a
 * baseline takes the baseline that suits it, so `{ windowMode: 'lastHours' }` alone is valid;
 * a baseline named explicitly is kept (and checked by settingsErrors).
 */
export function applySettingsChange(
  current: DashboardSettings,
  change: PutDashboardConfigDto,
): DashboardSettings {
  const next: Record<string, unknown> = { ...current };
  for (const key of SETTING_KEYS) {
    if (change[key] !== undefined) next[key] = change[key];
  }
  if (
    change.windowMode !== undefined &&
    change.windowMode !== current.windowMode &&
    change.baselineMode === undefined
  ) {
    next['baselineMode'] = baselineFor(change.windowMode);
  }
  return next as unknown as DashboardSettings;
}

/**
 * The baseline a window is compared with unless one is named: a day against the daily average
 * of the days before; hours against the same hours of earlier weeks (a daily average would
 * compare night with day).
 */
export function baselineFor(windowMode: WindowMode): BaselineMode {
  return windowMode === 'lastCompleteDay' ? 'dailyAverage' : 'sameHoursLastWeeks';
}

/** Rules across fields, which the DTO's per-field rules cannot see. */
export function settingsErrors(settings: DashboardSettings): FieldError[] {
  const errors: FieldError[] = [];
  if (settings.warningDropPct >= settings.criticalDropPct) {
    errors.push({
      field: 'warningDropPct',
      message: `warningDropPct (${settings.warningDropPct}) must be below criticalDropPct (${settings.criticalDropPct})`,
    });
  }
  if (settings.windowMode !== 'lastCompleteDay' && settings.baselineMode !== 'sameHoursLastWeeks') {
    errors.push({
      field: 'baselineMode',
      message:
        `a ${settings.windowMode} window needs baselineMode sameHoursLastWeeks: a daily ` +
        'average would compare some hours of a day with whole days',
    });
  }
  return errors;
}

export function sameSettings(a: DashboardSettings, b: DashboardSettings): boolean {
  return SETTING_KEYS.every((key) => a[key] === b[key]);
}
