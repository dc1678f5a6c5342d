// The rate limiter's (storage, and two whole gateways sharing it), the plan cache's and the
// login backoff's integration specs again, on a real 3-master Redis Cluster.
const { redisClusterJestConfig } = require('../../jest.cluster-preset');
const projectConfig = require('./jest.config');

module.exports = redisClusterJestConfig(projectConfig, [
  'test/rate-limit-storage.int-spec.ts',
  'test/rate-limit.int-spec.ts',
  'test/org-plan-cache.int-spec.ts',
  'test/account-backoff.int-spec.ts',
]);
