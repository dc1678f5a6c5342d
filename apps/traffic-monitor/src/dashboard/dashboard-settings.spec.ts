import { DEFAULT_DASHBOARD_SETTINGS } from '@vantage/contracts';
import {
  applySettingsChange,
  completeSettings,
  sameSettings,
  settingsErrors,
} from './dashboard-settings';

describe('dashboard settings', () => {
  it('completes a version stored before a setting existed with its default', () => {
    const { increasePct: _dropped, ...old } = { ...DEFAULT_DASHBOARD_SETTINGS, baselineDays: 10 };

    expect(completeSettings(old)).toEqual({ ...DEFAULT_DASHBOARD_SETTINGS, baselineDays: 10 });
  });

  it('changes only the fields named, ignoring version and comment', () => {
    const next = applySettingsChange(DEFAULT_DASHBOARD_SETTINGS, {
      criticalDropPct: 90,
      baseVersion: 3,
      comment: 'quieter',
    });

    expect(next).toEqual({ ...DEFAULT_DASHBOARD_SETTINGS, criticalDropPct: 90 });
    expect(sameSettings(next, DEFAULT_DASHBOARD_SETTINGS)).toBe(false);
    expect(sameSettings(applySettingsChange(next, {}), next)).toBe(true);
  });

  it('gives a window changed without a baseline the baseline that suits it', () => {
    const day = { ...DEFAULT_DASHBOARD_SETTINGS, windowMode: 'lastCompleteDay' as const };
    const daily = { ...day, baselineMode: 'dailyAverage' as const };

    expect(applySettingsChange(daily, { windowMode: 'lastHours' }).baselineMode).toBe(
      'sameHoursLastWeeks',
    );
    expect(
      applySettingsChange(DEFAULT_DASHBOARD_SETTINGS, { windowMode: 'lastCompleteDay' })
        .baselineMode,
    ).toBe('dailyAverage');
    expect(
      applySettingsChange(daily, { windowMode: 'lastHours', baselineMode: 'dailyAverage' })
        .baselineMode,
    ).toBe('dailyAverage');
    expect(applySettingsChange(daily, { criticalDropPct: 90 }).baselineMode).toBe('dailyAverage');
  });

  it('accepts the defaults', () => {
    expect(settingsErrors(DEFAULT_DASHBOARD_SETTINGS)).toEqual([]);
  });

  it('refuses a warning threshold at or above the critical one', () => {
    const errors = settingsErrors({
      ...DEFAULT_DASHBOARD_SETTINGS,
      warningDropPct: 80,
      criticalDropPct: 80,
    });

    expect(errors).toEqual([expect.objectContaining({ field: 'warningDropPct' })]);
  });

  it('refuses an intraday window against a daily average', () => {
    const errors = settingsErrors({
      ...DEFAULT_DASHBOARD_SETTINGS,
      windowMode: 'lastHours',
      baselineMode: 'dailyAverage',
    });

    expect(errors).toEqual([expect.objectContaining({ field: 'baselineMode' })]);
    expect(
      settingsErrors({
        ...DEFAULT_DASHBOARD_SETTINGS,
        windowMode: 'lastHours',
        baselineMode: 'sameHoursLastWeeks',
      }),
    ).toEqual([]);
  });
});
