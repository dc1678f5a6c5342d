export { forecast } from './forecast';
export { ForecastInputError } from './forecast-input-error';
export * from './forecast-types';
export { detectSeasonalPeriods } from './seasonality/detect-periods';
export { isSeasonalByAcfTest } from './seasonality/seasonality-test';
export { classicalDecomposition } from './seasonality/classical-decomposition';
