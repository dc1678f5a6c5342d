const preset = require('../../jest.preset.js');

// `npm test` runs only this project's unit specs (the request generator and the like): they need
// no running system. The suite that drives the whole system is jest.e2e.config.js (`npm run e2e`).
module.exports = {
  ...preset,
  displayName: 'system-e2e',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  globalSetup: undefined,
  globalTeardown: undefined,
};
