const preset = require('../jest.preset.js');

// The preset's global setup starts Redis/MongoDB through tools/infra itself; these unit tests
// need neither, and must not depend on the code they test to bootstrap themselves.
module.exports = {
  ...preset,
  displayName: 'tools',
  rootDir: __dirname,
  globalSetup: undefined,
  globalTeardown: undefined,
};
