const preset = require('../../jest.preset.js');

// Local HTTP servers only: no Redis or MongoDB, so no global infra setup to wait for.
module.exports = {
  ...preset,
  displayName: 'outbound-http',
  rootDir: __dirname,
  globalSetup: undefined,
  globalTeardown: undefined,
};
