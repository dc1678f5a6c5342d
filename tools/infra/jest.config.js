const preset = require('../../jest.preset.js');

// The preset's global setup starts Redis/MongoDB through this very package; these unit tests
// need neither, and must not depend on the code they test to bootstrap themselves.
module.exports = {
  ...preset,
  displayName: 'infra',
  rootDir: __dirname,
  globalSetup: undefined,
  globalTeardown: undefined,
};
