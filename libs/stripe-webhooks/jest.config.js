const preset = require('../../jest.preset.js');

// Pure logic: no Redis or MongoDB, so no global infra setup to wait for.
module.exports = {
  ...preset,
  displayName: 'stripe-webhooks',
  rootDir: __dirname,
  globalSetup: undefined,
  globalTeardown: undefined,
};
