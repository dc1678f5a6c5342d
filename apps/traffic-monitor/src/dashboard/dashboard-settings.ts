import {
  DEFAULT_DASHBOARD_SETTINGS,
  type DashboardSettings,
  type FieldError,
  type PutDashboardConfigDto,
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

/** The current settings with the fields the change names replaced. */
export function applySettingsChange(
  current: DashboardSettings,
  change: PutDashboardConfigDto,
): DashboardSettings {
  const next: Record<string, unknown> = { ...current };
  for (const key of SETTING_KEYS) {
    if (change[key] !== undefined) next[key] = change[key];
  }
  return next as unknown as DashboardSettings;
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
  if (settings.windowMode === 'lastHours' && settings.baselineMode !== 'sameHoursLastWeeks') {
    errors.push({
      field: 'baselineMode',
      message:
        'a lastHours window needs baselineMode sameHoursLastWeeks: a daily average would ' +
        'compare some hours of a day with whole days',
    });
  }
  return errors;
}

export function sameSettings(a: DashboardSettings, b: DashboardSettings): boolean {
  return SETTING_KEYS.every((key) => a[key] === b[key]);
}
