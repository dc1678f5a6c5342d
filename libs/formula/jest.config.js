const preset = require('../../jest.preset.js');

// Pure language code: no Redis or MongoDB, so the preset's infra setup would only cost time.
module.exports = {
  ...preset,
  displayName: 'formula',
  rootDir: __dirname,
  globalSetup: undefined,
  globalTeardown: undefined,
};
