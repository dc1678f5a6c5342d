// A project's jest config turned into its Redis Cluster run (the `test-cluster` target): only
// the given specs (paths relative to the project), against a 3-master cluster started for the
// run (see tools/test/redis-cluster-setup.ts), counted as a project of its own by `npm test`.
const path = require('node:path');

function redisClusterJestConfig(projectConfig, specs) {
  return {
    ...projectConfig,
    displayName: `${projectConfig.displayName} (redis cluster)`,
    testMatch: specs.map((spec) => path.join(projectConfig.rootDir, spec)),
    globalSetup: path.join(__dirname, 'tools/test/redis-cluster-setup.ts'),
    globalTeardown: path.join(__dirname, 'tools/test/redis-cluster-teardown.ts'),
    reporters: [
      'default',
      [path.join(__dirname, 'tools/test/totals-reporter.js'), { suffix: '.cluster' }],
    ],
  };
}

module.exports = { redisClusterJestConfig };
