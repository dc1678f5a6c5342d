const preset = require('../../jest.preset.js');

// Pure computation: no Redis or MongoDB, so the preset's infra setup would only cost time.
module.exports = {
  ...preset,
  displayName: 'forecasting',
  rootDir: __dirname,
  globalSetup: undefined,
  globalTeardown: undefined,
};
