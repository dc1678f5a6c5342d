const path = require('node:path');
const preset = require('../../jest.preset.js');

// The end-to-end suite. tools/e2e/run-e2e.ts boots the system (two replicas of every app) and
// runs this with the system's URLs in the environment; the files run one at a time, in the order
// of their numeric prefix, because the fault scenarios disturb everything that runs beside them.
module.exports = {
  ...preset,
  displayName: 'system-e2e',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
  testSequencer: path.join(__dirname, 'test-sequencer.js'),
  globalSetup: undefined,
  globalTeardown: undefined,
  testTimeout: 180_000,
  reporters: ['default', path.join(__dirname, '../../tools/test/totals-reporter.js')],
};
